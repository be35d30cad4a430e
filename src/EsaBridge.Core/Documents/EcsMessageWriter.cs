using System.Text;
using EsaBridge.Core.Sessions;

namespace EsaBridge.Core.Documents;

/// <summary>
/// Writes the contract's ECS document (docs/session-document.md) straight from a finished message's state: the
/// one writer of that document. It walks <see cref="SessionFields.All"/> in order, writing each field's value as
/// its declaration says; the objects the dotted paths imply are opened and closed by a plan made once from the
/// paths, so an object is opened only when a field in it has a value (no empty objects). The Splunk event is derived
/// from its bytes (<see cref="SplunkEventTranscoder"/>).
/// </summary>
internal static class EcsMessageWriter
{
    public const string EcsVersion = "8.11.0";

    private static readonly Plan WritePlan = new(SessionFields.All);

    public static void Write(JsonBytes w, in FinishedMessage f)
    {
        Span<byte> eventId = stackalloc byte[EventIdentity.HexBytes];
        EventIdentity.WriteHex(f.Appliance.NameUtf8, f.Mid, f.Start, eventId);
        Write(w, in f, eventId);
    }

    /// <param name="eventId">The message's <c>event.id</c> (<see cref="EventIdentity.WriteHex"/>), when the caller already has it.</param>
    public static void Write(JsonBytes w, in FinishedMessage f, ReadOnlySpan<byte> eventId)
    {
        var plan = WritePlan;
        var writers = plan.Writers;
        var runEnds = plan.ConstantRunEnds;
        byte[][] before = plan.Before(-1);
        int last = -1;
        for (int i = 0; i < writers.Length; i++)
        {
            int mark = w.Count;
            w.Raw(before[i]);
            if (writers[i] is not { } write)
            {
                i = runEnds[i];
            }
            else if (!write(w, in f, eventId))
            {
                w.Truncate(mark);
                continue;
            }

            last = i;
            before = plan.Before(last);
        }

        w.Raw(plan.After(last));
    }

    /// <summary>
    /// The bytes between two written fields, for every pair: the objects to close after the earlier one, a comma, the
    /// objects to open and the later one's name. A field whose value is absent is skipped, so what comes before a field
    /// depends on which field was written last, not on the declaration's order alone.
    /// </summary>
    private sealed class Plan
    {
        /// <summary>
        /// [last + 1][next]: from the field written last (-1: the document's start) to the next field's value, or for a
        /// constant field through the values of its run of constants.
        /// </summary>
        private readonly byte[][][] _before;

        /// <summary>[last + 1]: the closing braces after the field written last (-1: none written).</summary>
        private readonly byte[][] _after;

        public Plan(IReadOnlyList<DocumentField> fields)
        {
            int count = fields.Count;
            var paths = new string[count][];
            Writers = new FieldWriter?[count];
            for (int i = 0; i < count; i++)
            {
                var field = fields[i];
                if ((field.Write is null) == (field.ConstantJson is null))
                {
                    throw new InvalidOperationException($"{field.Path} needs either a Write or a ConstantJson");
                }

                paths[i] = field.Path.Split('.');
                Writers[i] = field.Write;
                CheckNesting(paths, i);
            }

            ConstantRunEnds = new int[count];
            for (int i = count - 1; i >= 0; i--)
            {
                ConstantRunEnds[i] = fields[i].ConstantJson is null ? i : i + 1 < count && fields[i + 1].ConstantJson is not null ? ConstantRunEnds[i + 1] : i;
            }

            _before = new byte[count + 1][][];
            _after = new byte[count + 1][];
            for (int last = -1; last < count; last++)
            {
                string[] from = last < 0 ? [] : paths[last];
                _before[last + 1] = new byte[count][];
                for (int next = last + 1; next < count; next++)
                {
                    string json = Between(from, paths[next], first: last < 0) + fields[next].ConstantJson;
                    for (int constant = next + 1; constant <= ConstantRunEnds[next]; constant++)
                    {
                        json += Between(paths[constant - 1], paths[constant], first: false) + fields[constant].ConstantJson;
                    }

                    _before[last + 1][next] = Encoding.UTF8.GetBytes(json);
                }

                _after[last + 1] = Encoding.UTF8.GetBytes(last < 0 ? "{}" : new string('}', from.Length));
            }
        }

        /// <summary>Each field's value writer; null for a constant (written with the bytes before it).</summary>
        public FieldWriter?[] Writers { get; }

        /// <summary>
        /// For a constant field, the last constant of the run of constants it starts: all of them are written with the
        /// bytes before it (<see cref="Before"/>), which saves a step per constant.
        /// </summary>
        public int[] ConstantRunEnds { get; }

        /// <summary>The bytes before each field (its index), when the field written last is <paramref name="last"/>.</summary>
        public byte[][] Before(int last) => _before[last + 1];

        public ReadOnlySpan<byte> After(int last) => _after[last + 1];

        /// <summary>From the field at <paramref name="from"/> (its value written) to the name of the one at <paramref name="to"/>.</summary>
        private static string Between(string[] from, string[] to, bool first)
        {
            int fromObjects = Math.Max(0, from.Length - 1);
            int common = 0;
            while (common < fromObjects && common < to.Length - 1 && from[common] == to[common])
            {
                common++;
            }

            string json = first ? "{" : new string('}', fromObjects - common) + ",";
            for (int depth = common; depth < to.Length - 1; depth++)
            {
                json += "\"" + to[depth] + "\":{";
            }

            return json + "\"" + to[^1] + "\":";
        }

        /// <summary>The fields of an object follow one another: the objects field <paramref name="i"/> opens were not closed before.</summary>
        private static void CheckNesting(string[][] paths, int i)
        {
            for (int objects = 1; objects < paths[i].Length; objects++)
            {
                bool stillOpen = i > 0 && SameObject(paths[i - 1], paths[i], objects);
                for (int earlier = 0; earlier < i - 1 && !stillOpen; earlier++)
                {
                    if (SameObject(paths[earlier], paths[i], objects))
                    {
                        throw new InvalidOperationException($"{string.Join('.', paths[i])} is declared apart from the other fields of its object");
                    }
                }
            }
        }

        /// <summary>Whether both paths lie in the same object, <paramref name="objects"/> levels down.</summary>
        private static bool SameObject(string[] a, string[] b, int objects)
        {
            if (a.Length <= objects || b.Length <= objects)
            {
                return false;
            }

            for (int i = 0; i < objects; i++)
            {
                if (a[i] != b[i])
                {
                    return false;
                }
            }

            return true;
        }
    }
}
