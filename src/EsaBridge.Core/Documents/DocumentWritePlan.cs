using System.Text;
using EsaBridge.Core.Sessions;

namespace EsaBridge.Core.Documents;

/// <summary>
/// How a document's declared fields are written (<see cref="EcsMessageWriter"/>, <see cref="EcsConnectionWriter"/>), made once from their paths.
/// The bytes between two written fields: the objects to close after the earlier one, a comma, the objects to open
/// and the later one's name. A field whose value is absent is skipped, so what comes before a field depends on
/// which field was written last; but only through the object that field lies in (its context), so the table is
/// kept per context, not per field.
/// </summary>
/// <remarks>
/// One table of offsets into one array of bytes, a few KB that stay in the first-level cache: a byte array per
/// pair of fields (2,900 small arrays scattered over the heap) cost a cache miss for most fields in native
/// <c>parse</c>, about 8 % of its wall time (docs/PERFORMANCE.md, issue 15).
/// </remarks>
internal sealed class DocumentWritePlan<TSource>
    where TSource : struct, IDocumentSource
{
    private const int LengthBits = 12;

    /// <summary>[last + 1]: the context of the field written last (0: the document's start, nothing written).</summary>
    private readonly int[] _contextOf;

    /// <summary>
    /// [context * count + next]: offset and length in <see cref="_bytes"/> of what comes before the next field's value
    /// (for a constant field: through the values of its run of constants).
    /// </summary>
    private readonly int[] _before;

    /// <summary>[context]: offset and length in <see cref="_bytes"/> of the closing braces.</summary>
    private readonly int[] _after;

    private readonly byte[] _bytes;
    private readonly int _count;

    /// <summary>What to do for each field, in order.</summary>
    private readonly Step[] _steps;

    /// <param name="writerOf">The field's value writer for this kind of document (null for a shared field or a constant).</param>
    public DocumentWritePlan(IReadOnlyList<DocumentField> fields, Func<DocumentField, FieldWriter<TSource>?> writerOf)
    {
        _count = fields.Count;
        var paths = new string[_count][];
        var writers = new FieldWriter<TSource>?[_count];
        for (int i = 0; i < _count; i++)
        {
            var field = fields[i];
            var writer = writerOf(field);
            int ways = (writer is null ? 0 : 1) + (field.FromConnection is null ? 0 : 1) + (field.FromObserver is null ? 0 : 1) + (field.ConstantJson is null ? 0 : 1);
            if (ways != 1)
            {
                throw new InvalidOperationException($"{field.Path} needs one of its document's writer, FromConnection, FromObserver or ConstantJson");
            }

            paths[i] = field.Path.Split('.');
            writers[i] = writer;
            CheckNesting(paths, i);
        }

        var constantRunEnds = new int[_count];
        for (int i = _count - 1; i >= 0; i--)
        {
            constantRunEnds[i] = fields[i].ConstantJson is null ? i : i + 1 < _count && fields[i + 1].ConstantJson is not null ? constantRunEnds[i + 1] : i;
        }

        // A field's context is the object it lies in: what comes after it depends on nothing else.
        var contexts = new List<string[]?> { null };
        var contextIndex = new Dictionary<string, int>();
        _contextOf = new int[_count + 1];
        for (int i = 0; i < _count; i++)
        {
            string parent = string.Join('.', paths[i][..^1]);
            if (!contextIndex.TryGetValue(parent, out int context))
            {
                context = contexts.Count;
                contextIndex.Add(parent, context);
                contexts.Add(paths[i]);
            }

            _contextOf[i + 1] = context;
        }

        _steps = new Step[_count];
        for (int i = 0; i < _count; i++)
        {
            _steps[i] = new Step(writers[i], fields[i].FromConnection, fields[i].FromObserver, constantRunEnds[i], Row(constantRunEnds[i]));
        }

        var bytes = new List<byte>();
        var offsets = new Dictionary<string, int>();
        _before = new int[contexts.Count * _count];
        _after = new int[contexts.Count];
        for (int context = 0; context < contexts.Count; context++)
        {
            string[]? from = contexts[context];
            for (int next = 0; next < _count; next++)
            {
                string json = Between(from ?? [], paths[next], first: from is null) + fields[next].ConstantJson;
                for (int constant = next + 1; constant <= constantRunEnds[next]; constant++)
                {
                    json += Between(paths[constant - 1], paths[constant], first: false) + fields[constant].ConstantJson;
                }

                _before[(context * _count) + next] = Add(json);
            }

            _after[context] = Add(from is null ? "{}" : new string('}', from.Length));
        }

        bytes.AddRange(new byte[JsonBytes.PaddedCopy]);
        _bytes = [.. bytes];

        int Add(string json)
        {
            if (!offsets.TryGetValue(json, out int offset))
            {
                offset = bytes.Count;
                offsets.Add(json, offset);
                bytes.AddRange(Encoding.UTF8.GetBytes(json));
            }

            int length = Encoding.UTF8.GetByteCount(json);
            if (length >= 1 << LengthBits)
            {
                throw new InvalidOperationException($"{json[..40]}... is longer than the write plan holds");
            }

            return (offset << LengthBits) | length;
        }
    }

    /// <summary>Every run of bytes the plan writes, followed by <see cref="JsonBytes.PaddedCopy"/> zeros (<see cref="JsonBytes.RawPadded"/>).</summary>
    public byte[] Bytes => _bytes;

    /// <summary>Where the bytes before each field start in the table, when the field written last is <paramref name="last"/> (-1: none).</summary>
    public int Row(int last) => _contextOf[last + 1] * _count;

    /// <summary>The bytes before field <paramref name="next"/> (<see cref="Offset"/>, <see cref="Length"/>) in a <see cref="Row"/>.</summary>
    public int Before(int row, int next) => _before[row + next];

    /// <summary>The closing braces (<see cref="Offset"/>, <see cref="Length"/>) after the field written last.</summary>
    public int After(int last) => _after[_contextOf[last + 1]];

    public static int Offset(int entry) => entry >> LengthBits;

    public static int Length(int entry) => entry & ((1 << LengthBits) - 1);

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

    /// <summary>Writes the document of <paramref name="f"/>: each declared field's value, with the bytes the plan keeps between them.</summary>
    public void Write(JsonBytes w, in TSource f, ReadOnlySpan<byte> eventId)
    {
        var steps = _steps;
        var bytes = _bytes;
        var connection = f.SharedConnection;
        var observer = f.Observer;
        int last = -1;
        int row = Row(last);
        for (int i = 0; i < steps.Length; i++)
        {
            ref readonly var step = ref steps[i];
            int mark = w.Count;
            int before = Before(row, i);
            w.RawPadded(bytes, Offset(before), Length(before));
            bool written;
            switch (step.Kind)
            {
                case StepKind.Own:
                    written = step.Own!(w, in f, eventId);
                    break;
                case StepKind.FromConnection:
                    written = connection is not null && step.FromConnection!(w, connection);
                    break;
                case StepKind.FromObserver:
                    written = step.FromObserver!(w, in observer);
                    break;
                default:
                    i = step.ConstantRunEnd;
                    written = true;
                    break;
            }

            if (!written)
            {
                w.Truncate(mark);
                continue;
            }

            last = i;
            row = step.RowAfter;
        }

        int after = After(last);
        w.RawPadded(bytes, Offset(after), Length(after));
    }

    private enum StepKind : byte
    {
        Own,
        FromConnection,
        FromObserver,
        Constants,
    }

    /// <summary>
    /// One field's writer (or, for a constant, the end of its run), next to its kind: one array of these instead of
    /// an array per kind of writer, each loaded and checked in turn for every field (measured with
    /// <see cref="PlainText"/>, see there).
    /// </summary>
    private readonly struct Step(FieldWriter<TSource>? own, ConnectionFieldWriter? fromConnection, ObserverFieldWriter? fromObserver, int constantRunEnd, int rowAfter)
    {
        public readonly FieldWriter<TSource>? Own = own;
        public readonly ConnectionFieldWriter? FromConnection = fromConnection;
        public readonly ObserverFieldWriter? FromObserver = fromObserver;

        /// <summary>For a constant field, the last constant of the run of constants it starts: all of them are written with the bytes before it.</summary>
        public readonly int ConstantRunEnd = constantRunEnd;

        /// <summary>The <see cref="Row"/> once this field (or its run of constants) is written: a load instead of two and a multiply.</summary>
        public readonly int RowAfter = rowAfter;

        public readonly StepKind Kind = own is not null ? StepKind.Own
            : fromConnection is not null ? StepKind.FromConnection
            : fromObserver is not null ? StepKind.FromObserver
            : StepKind.Constants;
    }
}
