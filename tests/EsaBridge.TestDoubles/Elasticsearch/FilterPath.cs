using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace EsaBridge.Tests.TestDoubles.Elasticsearch;

/// <summary>
/// The <c>filter_path</c> request parameter: comma-separated dotted paths where <c>*</c> matches one key (or part of
/// one), <c>**</c> any depth, arrays are transparent, and a leading <c>-</c> excludes instead of includes. Includes
/// keep the members a path reaches (an object or array left with nothing is dropped, and so is a null reached),
/// then excludes remove the members they reach. Applied in one pass from the answer's bytes to the filtered bytes
/// (bulk answers are large): an object or array partly matched by the includes is opened in the output only once
/// something below it is kept.
/// </summary>
internal static class FilterPath
{
    public static byte[] Apply(ReadOnlySpan<byte> json, string expression)
    {
        var paths = expression.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var includes = paths.Where(p => !p.StartsWith('-')).Select(p => new Cursor(Segment.Parse(p, inInclude: true), 0)).ToArray();
        var excludes = paths.Where(p => p.StartsWith('-')).Select(p => new Cursor(Segment.Parse(p[1..], inInclude: false), 0)).ToArray();
        var buffer = new ArrayBufferWriter<byte>(Math.Max(256, json.Length / 4));
        using (var writer = new Utf8JsonWriter(buffer))
        {
            var reader = new Utf8JsonReader(json);
            reader.Read();
            var drop = new State(excludes);
            if (includes.Length == 0)
            {
                Write(ref reader, writer, drop);
            }
            else
            {
                var opened = new Deferred(writer);
                Filter(ref reader, json, opened, default, new State(includes), drop);
                if (!opened.WroteAny)
                {
                    writer.WriteStartObject();
                    writer.WriteEndObject();
                }
            }
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// The value at the reader under include paths that are not yet complete (<paramref name="keep"/>): an object or
    /// array is opened (with its <paramref name="name"/>) only when something below it is kept, and a scalar is never kept.
    /// </summary>
    private static void Filter(ref Utf8JsonReader reader, ReadOnlySpan<byte> json, Deferred opened, DeferredName name, State keep, State drop)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                opened.Push(name, isArray: false);
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var member = new Name(ref reader);
                    var memberName = DeferredName.Of(member, json);
                    reader.Read();
                    var keepBelow = keep.Next(member);
                    var dropBelow = drop.Next(member);
                    if (keepBelow.IsEmpty)
                    {
                        reader.Skip();
                    }
                    else if (keepBelow.IsComplete)
                    {
                        // The whole value is reached: kept unless it is null; an excluded one still keeps its parent.
                        if (reader.TokenType != JsonTokenType.Null)
                        {
                            opened.Open(json);
                            if (dropBelow.IsComplete)
                            {
                                reader.Skip();
                            }
                            else
                            {
                                member.WriteTo(opened.Writer);
                                Write(ref reader, opened.Writer, dropBelow);
                            }
                        }
                    }
                    else if (dropBelow.IsComplete)
                    {
                        if (Produces(reader, keepBelow))
                        {
                            opened.Open(json);
                        }

                        reader.Skip();
                    }
                    else
                    {
                        Filter(ref reader, json, opened, memberName, keepBelow, dropBelow);
                    }
                }

                opened.Pop();
                break;
            case JsonTokenType.StartArray:
                opened.Push(name, isArray: true);
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    Filter(ref reader, json, opened, default, keep, drop);
                }

                opened.Pop();
                break;
            default:
                // A scalar (or null) where the paths go on below: nothing of it is kept.
                break;
        }
    }

    /// <summary>Copies the value at the reader, less the members <paramref name="drop"/> reaches.</summary>
    private static void Write(ref Utf8JsonReader reader, Utf8JsonWriter writer, State drop)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                writer.WriteStartObject();
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var name = new Name(ref reader);
                    reader.Read();
                    var dropBelow = drop.Next(name);
                    if (dropBelow.IsComplete)
                    {
                        reader.Skip();
                        continue;
                    }

                    name.WriteTo(writer);
                    Write(ref reader, writer, dropBelow);
                }

                writer.WriteEndObject();
                break;
            case JsonTokenType.StartArray:
                writer.WriteStartArray();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    Write(ref reader, writer, drop);
                }

                writer.WriteEndArray();
                break;
            case JsonTokenType.String:
                if (reader.ValueIsEscaped)
                {
                    writer.WriteStringValue(reader.GetString());
                }
                else
                {
                    writer.WriteStringValue(reader.ValueSpan);
                }

                break;
            case JsonTokenType.Number:
                writer.WriteRawValue(reader.ValueSpan, skipInputValidation: true);
                break;
            case JsonTokenType.True or JsonTokenType.False:
                writer.WriteBooleanValue(reader.TokenType == JsonTokenType.True);
                break;
            default:
                writer.WriteNullValue();
                break;
        }
    }

    /// <summary>Whether the includes keep anything of the value at the reader (a copy: the caller's reader does not move).</summary>
    private static bool Produces(Utf8JsonReader reader, State keep)
    {
        if (keep.IsComplete)
        {
            return reader.TokenType != JsonTokenType.Null;
        }

        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var below = keep.Next(new Name(ref reader));
                    reader.Read();
                    if (!below.IsEmpty && Produces(reader, below))
                    {
                        return true;
                    }

                    reader.Skip();
                }

                return false;
            case JsonTokenType.StartArray:
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (Produces(reader, keep))
                    {
                        return true;
                    }

                    reader.Skip();
                }

                return false;
            default:
                return false;
        }
    }

    /// <summary>
    /// The objects and arrays entered under partial include paths, written to the output only when something below
    /// them is kept (<see cref="Open"/>), outermost first.
    /// </summary>
    private sealed class Deferred(Utf8JsonWriter writer)
    {
        private readonly List<(DeferredName Name, bool IsArray)> _frames = [];
        private int _written;

        public Utf8JsonWriter Writer { get; } = writer;

        /// <summary>Something was kept: the output is not empty.</summary>
        public bool WroteAny { get; private set; }

        public void Push(DeferredName name, bool isArray) => _frames.Add((name, isArray));

        /// <summary>Writes the frames not written yet, so a kept member can follow.</summary>
        public void Open(ReadOnlySpan<byte> json)
        {
            for (; _written < _frames.Count; _written++)
            {
                var (name, isArray) = _frames[_written];
                name.WriteTo(Writer, json);
                if (isArray)
                {
                    Writer.WriteStartArray();
                }
                else
                {
                    Writer.WriteStartObject();
                }
            }

            WroteAny = true;
        }

        /// <summary>Leaves the innermost frame, closing it in the output if it was written.</summary>
        public void Pop()
        {
            int last = _frames.Count - 1;
            if (_written > last)
            {
                if (_frames[last].IsArray)
                {
                    Writer.WriteEndArray();
                }
                else
                {
                    Writer.WriteEndObject();
                }

                _written = last;
            }

            _frames.RemoveAt(last);
        }
    }

    /// <summary>
    /// A member name kept for later: where its bytes are in the answer (plain names) or its text (escaped ones). The
    /// default value is no name (the root, or an array element).
    /// </summary>
    private readonly record struct DeferredName(bool Present, int Start, int Length, string? Text)
    {
        public static DeferredName Of(Name name, ReadOnlySpan<byte> json) => name.IsPlain
            ? new DeferredName(true, (int)Unsafe.ByteOffset(ref MemoryMarshal.GetReference(json), ref MemoryMarshal.GetReference(name.Raw)), name.Raw.Length, null)
            : new DeferredName(true, 0, 0, name.Text);

        public void WriteTo(Utf8JsonWriter writer, ReadOnlySpan<byte> json)
        {
            if (Text is not null)
            {
                writer.WritePropertyName(Text);
            }
            else if (Present)
            {
                writer.WritePropertyName(json.Slice(Start, Length));
            }
        }
    }

    /// <summary>
    /// The paths still to match at one place in the document, with the state below each member name worked out once
    /// (answers repeat the same names for every item).
    /// </summary>
    private sealed class State
    {
        private readonly Cursor[] _cursors;
        private readonly Dictionary<string, State> _below = new(Utf8KeyComparer.Instance);
        private readonly Dictionary<string, State>.AlternateLookup<ReadOnlySpan<byte>> _belowByUtf8;

        public State(Cursor[] cursors)
        {
            _cursors = cursors;
            _belowByUtf8 = _below.GetAlternateLookup<ReadOnlySpan<byte>>();
            IsComplete = cursors.Any(c => c.IsComplete);
        }

        /// <summary>A path is fully matched here: the whole value is reached.</summary>
        public bool IsComplete { get; }

        public bool IsEmpty => _cursors.Length == 0;

        public State Next(Name name)
        {
            if (name.IsPlain ? _belowByUtf8.TryGetValue(name.Raw, out var known) : _below.TryGetValue(name.Text, out known))
            {
                return known;
            }

            var next = new List<Cursor>(_cursors.Length);
            foreach (var cursor in _cursors)
            {
                cursor.AdvanceInto(name, next);
            }

            var state = new State([.. next]);
            _below[name.Text] = state;
            return state;
        }
    }

    /// <summary>A position in one parsed path: the segments still to match start at <see cref="At"/>.</summary>
    private readonly record struct Cursor(Segment[] Path, int At)
    {
        public bool IsComplete => At == Path.Length;

        public void AdvanceInto(Name name, List<Cursor> next)
        {
            if (IsComplete)
            {
                return;
            }

            var segment = Path[At];
            if (segment.IsAnyDepth && segment.InInclude)
            {
                next.Add(this);
                var rest = this with { At = At + 1 };
                if (rest.IsComplete)
                {
                    next.Add(rest);
                }
                else
                {
                    rest.AdvanceInto(name, next);
                }
            }
            else if (segment.Matches(name))
            {
                next.Add(this with { At = At + 1 });
            }
        }
    }

    /// <summary>One dotted part of a path: a literal name, <c>*</c> (any one name), <c>**</c>, or a pattern.</summary>
    private sealed class Segment
    {
        private readonly string _pattern;
        private readonly byte[] _utf8;
        private readonly bool _literal;

        private Segment(string pattern, bool inInclude)
        {
            _pattern = pattern;
            _utf8 = Encoding.UTF8.GetBytes(pattern);
            _literal = !pattern.Contains('*', StringComparison.Ordinal);
            InInclude = inInclude;
            IsAnyDepth = pattern == "**";
        }

        /// <summary><c>**</c>: in an include, any number of levels (in an exclude it is an ordinary pattern).</summary>
        public bool IsAnyDepth { get; }

        public bool InInclude { get; }

        public static Segment[] Parse(string path, bool inInclude) => path.Split('.').Select(p => new Segment(p, inInclude)).ToArray();

        public bool Matches(Name name)
        {
            if (_pattern == "*")
            {
                return true;
            }

            // A name with a '*' of its own takes the general (symmetric) glob comparison.
            return _literal && !name.HasStar ? name.Equals(_utf8) : Glob.Matches(_pattern, name.Text);
        }
    }

    /// <summary>A member name as read: its unescaped UTF-8 bytes, and its text only when a pattern needs it.</summary>
    private readonly ref struct Name
    {
        private readonly ReadOnlySpan<byte> _raw;
        private readonly string? _unescaped;

        /// <summary>The name's bytes are its UTF-8 text as is (not escaped in the source).</summary>
        public bool IsPlain => _unescaped is null;

        public ReadOnlySpan<byte> Raw => _raw;

        public Name(ref Utf8JsonReader reader)
        {
            if (reader.ValueIsEscaped || reader.HasValueSequence)
            {
                _unescaped = reader.GetString();
            }
            else
            {
                _raw = reader.ValueSpan;
            }
        }

        public bool HasStar => _unescaped?.Contains('*', StringComparison.Ordinal) ?? _raw.Contains((byte)'*');

        public string Text => _unescaped ?? Encoding.UTF8.GetString(_raw);

        public bool Equals(ReadOnlySpan<byte> utf8) => _unescaped is null ? _raw.SequenceEqual(utf8) : _unescaped == Encoding.UTF8.GetString(utf8);

        public void WriteTo(Utf8JsonWriter writer)
        {
            if (_unescaped is null)
            {
                writer.WritePropertyName(_raw);
            }
            else
            {
                writer.WritePropertyName(_unescaped);
            }
        }
    }
}
