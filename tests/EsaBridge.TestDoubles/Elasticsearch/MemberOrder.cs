namespace EsaBridge.Tests.TestDoubles.Elasticsearch;

/// <summary>
/// The mapped children of an object field in the order the last document listed them, with their names' UTF-8 bytes:
/// documents of one kind repeat the same members in the same order, so the k-th member is first compared with the
/// k-th one seen before (one byte comparison) before the mapping is searched. Only a plain (unescaped) name equal to
/// one a lookup found is matched, so a hit finds exactly what the lookup would; <see cref="Forget"/> is called when a
/// child is removed from the mapping.
/// </summary>
internal sealed class MemberOrder
{
    private const int MaxMembers = 256;

    private (byte[] Utf8, string Name, MappedField Field)[] _seen = [];

    public bool TryMatch(int position, ReadOnlySpan<byte> name, out string known, out MappedField field)
    {
        if ((uint)position < (uint)_seen.Length && _seen[position].Utf8 is { } utf8 && name.SequenceEqual(utf8))
        {
            (_, known, field) = _seen[position];
            return true;
        }

        known = null!;
        field = null!;
        return false;
    }

    /// <summary>Remembers what a lookup found for the member at <paramref name="position"/>; always true (for use in conditions).</summary>
    public bool Remember(int position, ReadOnlySpan<byte> name, string known, MappedField field)
    {
        if (position < MaxMembers)
        {
            if (position >= _seen.Length)
            {
                Array.Resize(ref _seen, Math.Min(MaxMembers, Math.Max(position + 1, _seen.Length * 2)));
            }

            _seen[position] = (name.ToArray(), known, field);
        }

        return true;
    }

    public void Forget() => _seen = [];
}
