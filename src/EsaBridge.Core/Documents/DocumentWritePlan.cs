using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using EsaBridge.Core.Sessions;

namespace EsaBridge.Core.Documents;

/// <summary>
/// The bytes a document's writer (<see cref="EcsMessageWriter"/>, <see cref="EcsConnectionWriter"/>) puts between
/// its fields' values, made once from the fields' paths. The writer itself is generated at build time from the field
/// declarations (<see cref="GeneratedDocumentWriterAttribute"/>): for each field in order, <see cref="CopyBefore"/>, the
/// field's value, and <see cref="RowAfter"/> it, or the bytes taken back when the field has no value; then
/// <see cref="CopyAfter"/>.
/// The bytes between two written fields: the objects to close after the earlier one, a comma, the objects to open
/// and the later one's name. A field whose value is absent is skipped, so what comes before a field depends on
/// which field was written last; but only through the object that field lies in (its context), so the table is
/// kept per context, not per field.
/// </summary>
/// <remarks>
/// One table of offsets into one array of bytes, a few KB that stay in the first-level cache: a byte array per
/// pair of fields (2,900 small arrays scattered over the heap) cost a cache miss for most fields in native
/// <c>parse</c>, about 8 % of its wall time (docs/PERFORMANCE.md, issue 15). A loop over the fields calling a
/// delegate per field cost 74 instructions a field before the value writer's own; generated (six fields a method), 48 with the value writers
/// inlined: 6.6 % fewer instructions in all of <c>parse</c> (docs/PERFORMANCE.md, issue 18).
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

    /// <summary>[last + 1]: <see cref="Row"/>(last), the row once field last is written.</summary>
    private readonly int[] _rowAfter;

    private readonly string[] _paths;

    /// <param name="writerOf">The field's value writer for this kind of document (null for a shared field or a constant): checked, one way per field.</param>
    public DocumentWritePlan(IReadOnlyList<DocumentField> fields, Func<DocumentField, FieldWriter<TSource>?> writerOf)
    {
        _count = fields.Count;
        var paths = new string[_count][];
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

        _rowAfter = new int[_count + 1];
        for (int last = -1; last < _count; last++)
        {
            _rowAfter[last + 1] = Row(last);
        }

        _paths = [.. fields.Select(field => field.Path)];

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

    /// <summary>Where the bytes before each field start in the table, when the field written last is <paramref name="last"/> (-1: none).</summary>
    private int Row(int last) => _contextOf[last + 1] * _count;

    /// <summary>The closing braces (<see cref="Offset"/>, <see cref="Length"/>) after the field written last.</summary>
    private int After(int last) => _after[_contextOf[last + 1]];

    private static int Offset(int entry) => entry >> LengthBits;

    private static int Length(int entry) => entry & ((1 << LengthBits) - 1);

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

    /// <summary>Copies the bytes before field <paramref name="next"/>, when the <see cref="RowAfter"/> of the field written last is <paramref name="row"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void CopyBefore(JsonBytes w, int row, int next)
    {
        Debug.Assert((uint)(row + next) < (uint)_before.Length, "a field of this plan");
        int before = Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_before), row + next);
        w.RawPadded(_bytes, Offset(before), Length(before));
    }

    /// <summary>The closing braces after field <paramref name="last"/>, the field written last (-1: none).</summary>
    public void CopyAfter(JsonBytes w, int last)
    {
        int after = After(last);
        w.RawPadded(_bytes, Offset(after), Length(after));
    }

    /// <summary>The row of the table once field <paramref name="last"/> (or the run of constants it ends) is written; -1: at the start.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int RowAfter(int last)
    {
        Debug.Assert((uint)(last + 1) < (uint)_rowAfter.Length, "a field of this plan");
        return Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_rowAfter), last + 1);
    }

    /// <summary>
    /// Throws unless the plan's fields are <paramref name="generatedPaths"/>, in order: the paths a generated writer
    /// (<see cref="GeneratedDocumentWriterAttribute"/>) was made from, whose field numbers index this plan.
    /// </summary>
    /// <returns>This plan.</returns>
    public DocumentWritePlan<TSource> CheckFields(IReadOnlyList<string> generatedPaths)
    {
        if (!_paths.SequenceEqual(generatedPaths))
        {
            throw new InvalidOperationException($"The generated writer's fields ({string.Join(", ", generatedPaths)}) are not the plan's ({string.Join(", ", _paths)}): rebuild");
        }

        return this;
    }
}
