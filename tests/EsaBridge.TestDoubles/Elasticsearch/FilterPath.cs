using System.Buffers;
using System.Text;
using System.Text.Json;

namespace EsaBridge.Tests.TestDoubles.Elasticsearch;

/// <summary>
/// The <c>filter_path</c> request parameter: comma-separated dotted paths where <c>*</c> matches one key (or part of
/// one), <c>**</c> any depth, arrays are transparent, and a leading <c>-</c> excludes instead of includes. Includes
/// keep the members a path reaches (an object or array left with nothing is dropped, and so is a null reached),
/// then excludes remove the members they reach. Applied in one pass from the answer's bytes to the filtered bytes
/// (bulk answers are large), looking ahead only to learn whether a partly matched object keeps anything.
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
            var keep = includes.Length == 0 ? null : new State(includes);
            if (keep is not null && !Produces(reader, keep))
            {
                writer.WriteStartObject();
                writer.WriteEndObject();
            }
            else
            {
                Write(ref reader, writer, keep, new State(excludes));
            }
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// Copies the value at the reader. <paramref name="keep"/>: the include paths still to match below it (null: all of it
    /// is kept); <paramref name="drop"/>: the exclude paths still to match below it.
    /// </summary>
    private static void Write(ref Utf8JsonReader reader, Utf8JsonWriter writer, State? keep, State drop)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                writer.WriteStartObject();
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var name = new Name(ref reader);
                    reader.Read();
                    var keepBelow = keep?.Next(name);
                    var dropBelow = drop.Next(name);
                    bool kept = keepBelow is null || (!keepBelow.IsEmpty && Produces(reader, keepBelow));
                    if (!kept || dropBelow.IsComplete)
                    {
                        reader.Skip();
                        continue;
                    }

                    name.WriteTo(writer);
                    Write(ref reader, writer, keepBelow is { IsComplete: true } ? null : keepBelow, dropBelow);
                }

                writer.WriteEndObject();
                break;
            case JsonTokenType.StartArray:
                writer.WriteStartArray();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (keep is null || Produces(reader, keep))
                    {
                        Write(ref reader, writer, keep, drop);
                    }
                    else
                    {
                        reader.Skip();
                    }
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
