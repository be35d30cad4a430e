namespace EsaBridge.Core.Parsing;

/// <summary>Reads the RIDs of a delivery line's <see cref="ParsedLine.Rids"/> text (<c>[0, 1]</c>, <c>[0]</c> or <c>0</c>) without allocating.</summary>
internal ref struct RidList(ReadOnlySpan<byte> text)
{
    private readonly ReadOnlySpan<byte> _text = text;
    private int _pos;

    /// <summary>The next RID; false when there is none left.</summary>
    public bool Next(out long rid)
    {
        while (_pos < _text.Length && !Ascii.IsDigit(_text[_pos]))
        {
            _pos++;
        }

        return Ascii.TryReadLong(_text, ref _pos, out rid);
    }
}
