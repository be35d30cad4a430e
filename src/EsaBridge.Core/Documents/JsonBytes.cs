using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace EsaBridge.Core.Documents;

/// <summary>
/// A minimal JSON writer into a growable byte array, for the documents' hot path: property names are UTF-8
/// literals, text that needs no escaping (printable ASCII without quote or backslash: nearly all mail-log text) is
/// copied as is, and anything else goes through <see cref="Utf8JsonWriter"/> with the same options as
/// <see cref="NdjsonEncoder"/>, so the bytes are exactly what that writer would produce.
/// </summary>
internal sealed class JsonBytes
{
    /// <summary>The bytes the relaxed encoder writes unescaped and that need no transcoding.</summary>
    private static readonly SearchValues<byte> PlainBytes = SearchValues.Create(PlainAscii());
    private static readonly SearchValues<char> PlainChars = SearchValues.Create(System.Text.Encoding.ASCII.GetString(PlainAscii()));

    private static readonly JsonWriterOptions EscapingOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = true,
    };

    private readonly ArrayBufferWriter<byte> _escaped = new(256);
    private readonly Utf8JsonWriter _escaper;
    private byte[] _buffer;
    private int _count;
    private bool _needsComma;

    public JsonBytes(byte[] buffer)
    {
        _buffer = buffer;
        _escaper = new Utf8JsonWriter(_escaped, EscapingOptions);
    }

    public int Count => _count;

    public ArraySegment<byte> Written => new(_buffer, 0, _count);

    /// <summary>Continues in another (empty) array.</summary>
    public void Reset(byte[] buffer)
    {
        _buffer = buffer;
        _count = 0;
        _needsComma = false;
    }

    public void StartObject()
    {
        Comma();
        Raw((byte)'{');
        _needsComma = false;
    }

    public void StartObject(ReadOnlySpan<byte> name)
    {
        Name(name);
        Raw((byte)'{');
        _needsComma = false;
    }

    public void EndObject()
    {
        Raw((byte)'}');
        _needsComma = true;
    }

    public void StartArray(ReadOnlySpan<byte> name)
    {
        Name(name);
        Raw((byte)'[');
        _needsComma = false;
    }

    public void EndArray()
    {
        Raw((byte)']');
        _needsComma = true;
    }

    /// <summary>A line break between documents (NDJSON).</summary>
    public void NewLine()
    {
        Raw((byte)'\n');
        _needsComma = false;
    }

    /// <summary>Ends a document written without a newline after it: the next one starts without a comma.</summary>
    public void EndDocument() => _needsComma = false;

    /// <summary>Bytes already written, to fill in a length written after them.</summary>
    public Span<byte> WrittenSpan(int start, int length) => _buffer.AsSpan(start, length);

    /// <summary>
    /// Bytes copied as they are: a run of this program's own JSON (names, constants, punctuation), or ASCII that needs
    /// no escaping. The next member gets a comma unless the run ends by opening an object or array.
    /// </summary>
    public void Literal(ReadOnlySpan<byte> json)
    {
        Raw(json);
        _needsComma = json[^1] is not ((byte)'{' or (byte)'[');
    }

    /// <summary>A number right after a <see cref="Literal"/> that ended with its name.</summary>
    public void LiteralNumber(long value)
    {
        Long(value);
        _needsComma = true;
    }

    /// <summary>A string value known to need no escaping (a literal of this program).</summary>
    public void Ascii(ReadOnlySpan<byte> name, ReadOnlySpan<byte> plain)
    {
        Name(name);
        Quoted(plain);
    }

    public void AsciiValue(ReadOnlySpan<byte> plain)
    {
        Comma();
        Quoted(plain);
    }

    public void String(ReadOnlySpan<byte> name, string value)
    {
        Name(name);
        StringBody(value);
    }

    public void StringValue(string value)
    {
        Comma();
        StringBody(value);
    }

    /// <summary>A string given as UTF-8 bytes (decoded as <see cref="System.Text.Encoding.UTF8"/> would, when escaped).</summary>
    public void String(ReadOnlySpan<byte> name, ReadOnlySpan<byte> utf8)
    {
        Name(name);
        StringBody(utf8);
    }

    public void StringValue(ReadOnlySpan<byte> utf8)
    {
        Comma();
        StringBody(utf8);
    }

    public void Number(ReadOnlySpan<byte> name, long value)
    {
        Name(name);
        Long(value);
    }

    public void NumberValue(long value)
    {
        Comma();
        Long(value);
    }

    public void Number(ReadOnlySpan<byte> name, double value)
    {
        Name(name);
        _escaped.ResetWrittenCount();
        _escaper.Reset(_escaped);
        _escaper.WriteNumberValue(value);
        _escaper.Flush();
        Raw(_escaped.WrittenSpan);
    }

    public void Boolean(ReadOnlySpan<byte> name, bool value)
    {
        Name(name);
        Raw(value ? "true"u8 : "false"u8);
    }

    private void Name(ReadOnlySpan<byte> name)
    {
        Ensure(name.Length + 4);
        var span = _buffer.AsSpan(_count);
        int at = 0;
        if (_needsComma)
        {
            span[at++] = (byte)',';
        }

        span[at++] = (byte)'"';
        name.CopyTo(span[at..]);
        at += name.Length;
        span[at++] = (byte)'"';
        span[at++] = (byte)':';
        _count += at;
        _needsComma = true;
    }

    private void Comma()
    {
        if (_needsComma)
        {
            Raw((byte)',');
        }

        _needsComma = true;
    }

    private void StringBody(string value)
    {
        if (value.AsSpan().ContainsAnyExcept(PlainChars))
        {
            Escaped(value);
            return;
        }

        Ensure(value.Length + 2);
        _buffer[_count++] = (byte)'"';
        _count += System.Text.Encoding.ASCII.GetBytes(value, _buffer.AsSpan(_count));
        _buffer[_count++] = (byte)'"';
    }

    private void StringBody(ReadOnlySpan<byte> utf8)
    {
        if (utf8.ContainsAnyExcept(PlainBytes))
        {
            Escaped(System.Text.Encoding.UTF8.GetString(utf8));
            return;
        }

        Quoted(utf8);
    }

    private void Quoted(ReadOnlySpan<byte> plain)
    {
        Ensure(plain.Length + 2);
        _buffer[_count++] = (byte)'"';
        plain.CopyTo(_buffer.AsSpan(_count));
        _count += plain.Length;
        _buffer[_count++] = (byte)'"';
    }

    private void Escaped(string value)
    {
        _escaped.ResetWrittenCount();
        _escaper.Reset(_escaped);
        _escaper.WriteStringValue(value);
        _escaper.Flush();
        Raw(_escaped.WrittenSpan);
    }

    private void Long(long value)
    {
        Ensure(20);
        value.TryFormat(_buffer.AsSpan(_count), out int written, default, CultureInfo.InvariantCulture);
        _count += written;
    }

    private void Raw(byte value)
    {
        Ensure(1);
        _buffer[_count++] = value;
    }

    private void Raw(ReadOnlySpan<byte> bytes)
    {
        Ensure(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(_count));
        _count += bytes.Length;
    }

    private void Ensure(int more)
    {
        if (_buffer.Length - _count < more)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _count + more));
        }
    }

    private static byte[] PlainAscii()
    {
        var plain = new List<byte>();
        for (int b = 0x20; b < 0x7F; b++)
        {
            if (b is not '"' and not '\\')
            {
                plain.Add((byte)b);
            }
        }

        return [.. plain];
    }
}
