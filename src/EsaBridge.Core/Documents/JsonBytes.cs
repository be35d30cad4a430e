using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace EsaBridge.Core.Documents;

/// <summary>
/// JSON values into a growable byte array, for the documents' hot path: text that needs no escaping (printable ASCII
/// without quote or backslash: nearly all mail-log text) is copied as is, and anything else goes through
/// <see cref="Utf8JsonWriter"/> with the relaxed encoder, so the bytes are exactly what that writer would produce.
/// It writes values and raw bytes only: names, commas and nesting are the caller's (<see cref="EcsMessageWriter"/>'s
/// write plan).
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

    // The documents repeat a few values over and over (the same pooled strings, SBRS scores, times of the same
    // day), so their JSON is kept and copied again instead of being checked and encoded again. Same input, same bytes.
    private readonly RecentString[] _recentStrings = new RecentString[StringSites.Count];
    private readonly RecentDouble[] _recentDoubles = new RecentDouble[256];
    private readonly byte[] _lastTime = new byte[IsoTime.Length];
    private long _lastTimeSeconds = long.MinValue;
    private byte[] _buffer;
    private int _count;

    public JsonBytes(byte[] buffer)
    {
        _buffer = buffer;
        _escaper = new Utf8JsonWriter(_escaped, EscapingOptions);
    }

    /// <summary>What <see cref="RawPadded"/> copies at once, and the padding it needs after its source's bytes.</summary>
    public const int PaddedCopy = 32;

    public int Count => _count;

    public ArraySegment<byte> Written => new(_buffer, 0, _count);

    /// <summary>Continues in another (empty) array.</summary>
    public void Reset(byte[] buffer)
    {
        _buffer = buffer;
        _count = 0;
    }

    /// <summary>Drops what was written after the first <paramref name="count"/> bytes.</summary>
    public void Truncate(int count)
    {
        Debug.Assert((uint)count <= (uint)_count, "truncated to a length already written");
        _count = count;
    }

    /// <summary>Bytes already written, to fill in a length written after them.</summary>
    public Span<byte> WrittenSpan(int start, int length) => _buffer.AsSpan(start, length);

    /// <summary>Bytes copied as they are: this program's own JSON (names, constants, punctuation) or a frame header.</summary>
    public void Raw(ReadOnlySpan<byte> bytes)
    {
        Ensure(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(_count));
        _count += bytes.Length;
    }

    /// <summary>
    /// <paramref name="length"/> bytes of <paramref name="padded"/> from <paramref name="offset"/>, an array with at
    /// least <see cref="PaddedCopy"/> bytes after every offset given: that many are copied as two vectors, no call.
    /// </summary>
    /// <remarks>
    /// The write plan's bytes before each field (a comma, braces and a name: 3-30 bytes) vary in length, so
    /// <see cref="Raw(ReadOnlySpan{byte})"/> calls <c>Memmove</c> for each, about 50 calls a document: 3 % of native
    /// <c>parse</c>'s samples (docs/PERFORMANCE.md, issue 15).
    /// </remarks>
    public void RawPadded(byte[] padded, int offset, int length)
    {
        Debug.Assert(offset + PaddedCopy <= padded.Length, "the source is padded");
        if (length > PaddedCopy)
        {
            Raw(padded.AsSpan(offset, length));
            return;
        }

        Ensure(PaddedCopy);
        ref byte source = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(padded), offset);
        ref byte target = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_buffer), _count);
        Vector128.LoadUnsafe(ref source).StoreUnsafe(ref target);
        Vector128.LoadUnsafe(ref source, 16).StoreUnsafe(ref target, 16);
        _count += length;
    }

    public void Raw(byte value)
    {
        Ensure(1);
        _buffer[_count++] = value;
    }

    /// <summary>A string known to need no escaping (ASCII of this program, such as a hex id).</summary>
    public void Quoted(ReadOnlySpan<byte> plain)
    {
        Ensure(plain.Length + 2);
        _buffer[_count++] = (byte)'"';
        plain.CopyTo(_buffer.AsSpan(_count));
        _count += plain.Length;
        _buffer[_count++] = (byte)'"';
    }

    public void String(string value)
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

    /// <summary>
    /// A string that is often the very same instance as the last one written at this <paramref name="site"/> (one
    /// of <see cref="StringSites"/>): its JSON is then copied from the last time.
    /// </summary>
    public void String(string value, int site)
    {
        ref var recent = ref _recentStrings[site];
        if (recent is not null && ReferenceEquals(recent.Text, value))
        {
            Raw(recent.Json.AsSpan(0, recent.Length));
            return;
        }

        int start = _count;
        String(value);
        (recent ??= new RecentString()).Keep(value, _buffer.AsSpan(start, _count - start));
    }

    /// <summary>A string given as UTF-8 bytes (decoded as <see cref="System.Text.Encoding.UTF8"/> would, when escaped).</summary>
    public void String(ReadOnlySpan<byte> utf8)
    {
        if (utf8.ContainsAnyExcept(PlainBytes))
        {
            Escaped(System.Text.Encoding.UTF8.GetString(utf8));
            return;
        }

        Quoted(utf8);
    }

    /// <summary>A UTC time as a <c>yyyy-MM-ddTHH:mm:ssZ</c> string (<see cref="IsoTime"/>).</summary>
    public void Time(long utcSeconds)
    {
        if (utcSeconds != _lastTimeSeconds)
        {
            IsoTime.FormatAfter(utcSeconds, _lastTimeSeconds, _lastTime);
            _lastTimeSeconds = utcSeconds;
        }

        Quoted(_lastTime);
    }

    public void Number(long value)
    {
        Ensure(20);
        value.TryFormat(_buffer.AsSpan(_count), out int written, default, CultureInfo.InvariantCulture);
        _count += written;
    }

    public void Number(double value)
    {
        long bits = BitConverter.DoubleToInt64Bits(value);
        ref var recent = ref _recentDoubles[(int)((ulong)(bits * unchecked((long)0x9E3779B97F4A7C15UL)) >> 56)];
        if (recent.Json is null || recent.Bits != bits)
        {
            _escaped.ResetWrittenCount();
            _escaper.Reset(_escaped);
            _escaper.WriteNumberValue(value);
            _escaper.Flush();
            recent = new RecentDouble(bits, _escaped.WrittenSpan.ToArray());
        }

        Raw(recent.Json);
    }

    public void Boolean(bool value) => Raw(value ? "true"u8 : "false"u8);

    private void Escaped(string value)
    {
        _escaped.ResetWrittenCount();
        _escaper.Reset(_escaped);
        _escaper.WriteStringValue(value);
        _escaper.Flush();
        Raw(_escaped.WrittenSpan);
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

    private readonly record struct RecentDouble(long Bits, byte[] Json);

    private sealed class RecentString
    {
        public string? Text { get; private set; }

        public byte[] Json { get; private set; } = new byte[64];

        public int Length { get; private set; }

        public void Keep(string text, ReadOnlySpan<byte> json)
        {
            if (Json.Length < json.Length)
            {
                Json = new byte[json.Length];
            }

            json.CopyTo(Json);
            Length = json.Length;
            Text = text;
        }
    }
}

/// <summary>The places in a document whose string is kept by <see cref="JsonBytes"/> from one document to the next.</summary>
internal static class StringSites
{
    public const int Action = 0;
    public const int Outcome = 1;
    public const int AbortClass = 2;
    public const int Hint = 3;
    public const int Policy = 4;
    public const int Derivation = 5;
    public const int Interface = 6;
    public const int ConnectionPolicy = 7;
    public const int SenderGroup = 8;
    public const int SbrsStatus = 9;
    public const int Tls = 10;
    public const int ListenerIp = 11;
    public const int RelatedListenerIp = 12;
    public const int Hostname = 13;
    public const int SerialNumber = 14;
    public const int Version = 15;
    public const int LogPath = 16;
    public const int Spam = 17;
    public const int SpamEngine = 18;
    public const int Graymail = 19;
    public const int Antivirus = 20;
    public const int Amp = 21;
    public const int Outbreak = 22;
    public const int Dlp = 23;
    public const int SpfHelo = 24;
    public const int SpfMailFrom = 25;
    public const int SpfPra = 26;
    public const int DkimResult = 27;
    public const int DmarcResult = 28;
    public const int DmarcPolicy = 29;
    public const int SdrThreatLevel = 30;
    public const int TlsCipher = 31;
    public const int Country = 32;
    public const int Count = 33;
}
