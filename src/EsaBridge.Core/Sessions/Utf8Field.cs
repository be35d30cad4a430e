using System.Text;

namespace EsaBridge.Core.Sessions;

/// <summary>
/// One text field of an open message, kept as the log's UTF-8 bytes in an array the message state reuses, so a
/// message costs no string until (unless) a record is made of it. Mutable struct: use it through its field.
/// </summary>
internal struct Utf8Field
{
    /// <summary>Arrays bigger than this are not kept when the state is reused.</summary>
    private const int KeptBytes = 1024;

    private byte[]? _bytes;
    private int _length;

    public bool HasValue { get; private set; }

    public readonly ReadOnlySpan<byte> Span => _bytes.AsSpan(0, _length);

    public void Set(ReadOnlySpan<byte> value)
    {
        if (_bytes is null || _bytes.Length < value.Length)
        {
            _bytes = new byte[Math.Max(value.Length, 64)];
        }

        value.CopyTo(_bytes);
        _length = value.Length;
        HasValue = true;
    }

    public void CopyFrom(in Utf8Field other)
    {
        if (other.HasValue)
        {
            Set(other.Span);
        }
        else
        {
            Clear();
        }
    }

    public void Set(string? value)
    {
        if (value is null)
        {
            Clear();
        }
        else
        {
            Set(Encoding.UTF8.GetBytes(value));
        }
    }

    public void Clear()
    {
        HasValue = false;
        _length = 0;
        if (_bytes is { Length: > KeptBytes })
        {
            _bytes = null;
        }
    }

    public readonly bool Is(ReadOnlySpan<byte> value) => HasValue && Span.SequenceEqual(value);

    /// <summary>The text as a string (decoded as the log's bytes always were), or null when unset.</summary>
    public readonly string? ToStringOrNull() => HasValue ? Encoding.UTF8.GetString(Span) : null;
}
