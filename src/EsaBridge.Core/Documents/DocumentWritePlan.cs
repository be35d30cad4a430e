using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using EsaBridge.Core.Sessions;

namespace EsaBridge.Core.Documents;

/// <summary>
/// The bytes a document's writer (<see cref="EcsMessageWriter"/>, <see cref="EcsConnectionWriter"/>) puts between
/// its fields' values, made once from the fields' paths. The writer itself is generated at build time from the field
/// declarations (<see cref="GeneratedDocumentWriterAttribute"/>): for each field in order, the bytes before it, the
/// field's value, and the object that field lies in (its context) as the one written last, or the bytes taken back
/// when the field has no value; then <see cref="CopyAfter"/>.
/// The bytes between two written fields: the objects to close after the earlier one, a comma, the objects to open
/// and the later one's name (<see cref="JsonFieldSteps.Between"/>). A field whose value is absent is skipped, so what
/// comes before a field depends on which field was written last; but only through its context, so the table is kept
/// per context, not per field. The generated writer copies the usual case (the last field written lies in the object
/// of the field before) as a literal of its own and asks the plan (<see cref="CopyBeforeApart"/>) for the others.
/// </summary>
/// <remarks>
/// One table of offsets into one array of bytes, a few KB that stay in the first-level cache: a byte array per
/// pair of fields (2,900 small arrays scattered over the heap) cost a cache miss for most fields in native
/// <c>parse</c>, about 8 % of its wall time (docs/PERFORMANCE.md, issue 15). A loop over the fields calling a
/// delegate per field cost 74 instructions a field before the value writer's own; generated (six fields a method), 48 with the value writers
/// inlined: 6.6 % fewer instructions in all of <c>parse</c>; the usual bytes as literals, 4.4 % fewer again
/// (docs/PERFORMANCE.md, issue 18).
/// </remarks>
internal sealed class DocumentWritePlan<TSource>
    where TSource : struct, IDocumentSource
{
    private const int LengthBits = 12;

    /// <summary>[field + 1]: the context of each field (<see cref="JsonFieldSteps.Contexts"/>); [0]: 0, the document's start.</summary>
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
        _paths = [.. fields.Select(field => field.Path)];
        var contextNumbers = JsonFieldSteps.Contexts(_paths);
        var contexts = new List<string[]?> { null };
        _contextOf = new int[_count + 1];
        for (int i = 0; i < _count; i++)
        {
            if (contextNumbers[i] == contexts.Count)
            {
                contexts.Add(paths[i]);
            }

            _contextOf[i + 1] = contextNumbers[i];
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
                string json = JsonFieldSteps.Between(from ?? [], paths[next], first: from is null) + fields[next].ConstantJson;
                for (int constant = next + 1; constant <= constantRunEnds[next]; constant++)
                {
                    json += JsonFieldSteps.Between(paths[constant - 1], paths[constant], first: false) + fields[constant].ConstantJson;
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

    private static int Offset(int entry) => entry >> LengthBits;

    private static int Length(int entry) => entry & ((1 << LengthBits) - 1);

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

    /// <summary>Copies the bytes before field <paramref name="next"/> when the field written last lies in
    /// <paramref name="context"/> (<see cref="JsonFieldSteps.Contexts"/>; 0: nothing written yet).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void CopyBefore(JsonBytes w, int context, int next)
    {
        Debug.Assert((uint)((context * _count) + next) < (uint)_before.Length, "a context and a field of this plan");
        int before = Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_before), (context * _count) + next);
        w.RawPadded(_bytes, Offset(before), Length(before));
    }

    /// <summary><see cref="CopyBefore"/> as a call: where the generated writer's literal does not apply (no field of
    /// the object before the next field's had a value), so that the rare case costs the writer's methods no inlining
    /// budget.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public void CopyBeforeApart(JsonBytes w, int context, int next) => CopyBefore(w, context, next);

    /// <summary>The closing braces after the field written last, which lies in <paramref name="context"/> (0: none written).</summary>
    public void CopyAfter(JsonBytes w, int context)
    {
        int after = _after[context];
        w.RawPadded(_bytes, Offset(after), Length(after));
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

    /// <summary>
    /// Throws unless the generated writer numbers the fields' contexts as the plan does (<paramref name="contexts"/>),
    /// and each of <paramref name="literals"/> (its JSON before each field when the last field written lies in the
    /// object of the field before it; null for a constant) is the plan's. Both take them from the same code
    /// (<see cref="JsonFieldSteps"/>), so only a writer generated from other declarations fails here.
    /// </summary>
    /// <returns>This plan.</returns>
    public DocumentWritePlan<TSource> CheckLiterals(IReadOnlyList<int> contexts, IReadOnlyList<string?> literals)
    {
        if (!contexts.SequenceEqual(_contextOf.Skip(1)) || literals.Count != _count)
        {
            throw new InvalidOperationException($"The generated writer's objects ({string.Join(", ", contexts)}) are not the plan's ({string.Join(", ", _contextOf.Skip(1))}): rebuild");
        }

        for (int next = 0; next < _count; next++)
        {
            if (literals[next] is not { } literal)
            {
                continue;
            }

            int before = _before[(_contextOf[next] * _count) + next];
            string planned = Encoding.UTF8.GetString(_bytes, Offset(before), Length(before));
            if (planned != literal)
            {
                throw new InvalidOperationException($"The generated writer's JSON before {_paths[next]} ({literal}) is not the plan's ({planned}): rebuild");
            }
        }

        return this;
    }
}
