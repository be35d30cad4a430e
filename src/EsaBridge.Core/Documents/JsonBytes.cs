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
    private readonly byte[][] _timeJson = [TimeJson(), TimeJson()];
    private readonly long[] _timeSeconds = [long.MinValue, long.MinValue];
    private int _recentTime;
    private byte[] _buffer;
    private int _count;

    public JsonBytes(byte[] buffer)
    {
        _buffer = buffer;
        _escaper = new Utf8JsonWriter(_escaped, EscapingOptions);
    }

    /// <summary>What <see cref="RawPadded"/> copies at once, and the padding it needs after its source's bytes.</summary>
    public const int PaddedCopy = 32;

    /// <summary>The bytes followed by <see cref="PaddedCopy"/> zeros: a source for <see cref="RawPadded"/>.</summary>
    public static byte[] Padded(ReadOnlySpan<byte> json) => [.. json, .. new byte[PaddedCopy]];

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
    /// <remarks>A call, with <see cref="Literal"/>'s body in it: inline everywhere, it made the generated writers run out of
    /// their inlining budget (docs/PERFORMANCE.md, issue 18).</remarks>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public void Raw(ReadOnlySpan<byte> bytes) => Literal(bytes);

    /// <summary>
    /// A literal of this program's JSON (a name with its punctuation), inline where it is written: its length is then
    /// known and the copy is one or two moves, not a call. <see cref="Raw(ReadOnlySpan{byte})"/>, the same as a call, for
    /// the rest: inline everywhere, it made the generated writers call what they had inlined before.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Literal(ReadOnlySpan<byte> json)
    {
        Ensure(json.Length);
        Copy(json, ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_buffer), _count));
        _count += json.Length;
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
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
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

    /// <summary>A string known to need no escaping: this program's ASCII (a hex id), or UTF-8 the encoder lets through.</summary>
    public void Quoted(ReadOnlySpan<byte> plain)
    {
        Ensure(plain.Length + 2);
        ref byte target = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_buffer), _count);
        target = (byte)'"';
        Copy(plain, ref Unsafe.Add(ref target, 1));
        Unsafe.Add(ref target, plain.Length + 1) = (byte)'"';
        _count += plain.Length + 2;
    }

    public void String(string value)
    {
        Ensure(value.Length + 2);
        ref byte target = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_buffer), _count);
        if (!PlainText.TryNarrow(value, ref Unsafe.Add(ref target, 1)))
        {
            Escaped(value);
            return;
        }

        target = (byte)'"';
        Unsafe.Add(ref target, value.Length + 1) = (byte)'"';
        _count += value.Length + 2;
    }

    /// <summary>
    /// A string that is often the very same instance as the last one written at this <paramref name="site"/> (one
    /// of <see cref="StringSites"/>): its JSON is then copied from the last time.
    /// </summary>
    /// <remarks>
    /// The copy of the kept JSON is inline at each call and the rest apart: in one method, the registers the rest needs
    /// were saved and restored on every call, 45 instructions where the copy takes 15 (three calls in four copy).
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void String(string value, int site)
    {
        var recent = _recentStrings[site];
        if (recent is not null && ReferenceEquals(recent.Text, value))
        {
            RawPadded(recent.Json, 0, recent.Length);
            return;
        }

        StringToKeep(value, site);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void StringToKeep(string value, int site)
    {
        int start = _count;
        String(value);
        (_recentStrings[site] ??= new RecentString()).Keep(value, _buffer.AsSpan(start, _count - start));
    }

    /// <summary>A string given as UTF-8 bytes (decoded as <see cref="System.Text.Encoding.UTF8"/> would, when escaped).</summary>
    public void String(ReadOnlySpan<byte> utf8)
    {
        Ensure(utf8.Length + 2);
        ref byte target = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_buffer), _count);
        if (!PlainText.TryCopy(utf8, ref Unsafe.Add(ref target, 1)))
        {
            EscapedUtf8(utf8);
            return;
        }

        target = (byte)'"';
        Unsafe.Add(ref target, utf8.Length + 1) = (byte)'"';
        _count += utf8.Length + 2;
    }

    /// <summary>A UTC time as a <c>yyyy-MM-ddTHH:mm:ssZ</c> string (<see cref="IsoTime"/>).</summary>
    /// <remarks>
    /// The last two times are kept, the one used less recently written over: a document's times go end, start, end
    /// (<c>@timestamp</c>, <c>event.start</c>, <c>event.end</c>), then each recipient's, mostly the end again. With one
    /// kept, start and end were formatted again for nearly every document (docs/PERFORMANCE.md, issue 18).
    /// </remarks>
    public void Time(long utcSeconds)
    {
        int slot = _recentTime;
        if (utcSeconds != _timeSeconds[slot])
        {
            slot ^= 1;
            if (utcSeconds != _timeSeconds[slot])
            {
                IsoTime.FormatAfter(utcSeconds, _timeSeconds[slot], _timeJson[slot].AsSpan(1, IsoTime.Length));
                _timeSeconds[slot] = utcSeconds;
            }

            _recentTime = slot;
        }

        RawPadded(_timeJson[slot], 0, IsoTime.Length + 2);
    }

    public void Number(long value)
    {
        Ensure(20);
        if (value < 0)
        {
            Negative(value);
            return;
        }

        _count += DecimalDigits.Write((ulong)value, ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_buffer), _count));
    }

    /// <summary>Apart from <see cref="Number(long)"/>, whose every call made room on the stack for this rare case.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Negative(long value)
    {
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
            recent = new RecentDouble(bits, Padded(_escaped.WrittenSpan), _escaped.WrittenCount);
        }

        RawPadded(recent.Json, 0, recent.Length);
    }

    public void Boolean(bool value)
    {
        if (value)
        {
            Literal("true"u8);
        }
        else
        {
            Literal("false"u8);
        }
    }

    /// <summary>Apart from <see cref="String(ReadOnlySpan{byte})"/>, whose every call saved six registers and zeroed two
    /// locals for this rare case when it was inline (12 of its 48 instructions; docs/PERFORMANCE.md, issue 18).</summary>
    /// <remarks>Text with only characters the encoder lets through (accented letters in a subject or a file name): the
    /// JSON writer would copy its UTF-8 as it is, so it is copied here, without decoding it and writing it again
    /// (3,000 instructions a string; docs/PERFORMANCE.md, issue 18). Anything else, ill-formed UTF-8 included, as before.</remarks>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void EscapedUtf8(ReadOnlySpan<byte> utf8)
    {
        if (EscapingOptions.Encoder!.FindFirstCharacterToEncodeUtf8(utf8) < 0)
        {
            Quoted(utf8);
            return;
        }

        Escaped(System.Text.Encoding.UTF8.GetString(utf8));
    }

    private void Escaped(string value)
    {
        _escaped.ResetWrittenCount();
        _escaper.Reset(_escaped);
        _escaper.WriteStringValue(value);
        _escaper.Flush();
        Raw(_escaped.WrittenSpan);
    }

    /// <summary>
    /// A time kept for <see cref="Time"/>, in its quotes, padded for <see cref="RawPadded"/>: a fixed-length copy, no
    /// <c>Memmove</c> call (three a document). With the write plan's row per step: the writing thread 0.94 to 0.92 of
    /// the writer before these changes (issue 18).
    /// </summary>
    private static byte[] TimeJson() => Padded([(byte)'"', .. new byte[IsoTime.Length], (byte)'"']);

    /// <summary>
    /// Copies to <paramref name="target"/> (room for all the bytes): up to 32 bytes as two overlapping moves, inline;
    /// longer through <c>Memmove</c>. Most values are short, and the call to <c>Memmove</c> for each was 2.7 % of
    /// native <c>parse</c>'s samples; inline, the writing thread's samples per sample of the other threads went from
    /// 0.92 to 0.89 of the writer before these changes (docs/PERFORMANCE.md, issue 18).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Copy(ReadOnlySpan<byte> source, ref byte target)
    {
        ref byte from = ref MemoryMarshal.GetReference(source);
        nuint length = (nuint)source.Length;
        if (length >= 16)
        {
            if (length > 32)
            {
                source.CopyTo(MemoryMarshal.CreateSpan(ref target, source.Length));
                return;
            }

            var head = Vector128.LoadUnsafe(ref from);
            var tail = Vector128.LoadUnsafe(ref from, length - 16);
            head.StoreUnsafe(ref target);
            tail.StoreUnsafe(ref target, length - 16);
        }
        else if (length >= 8)
        {
            ulong head = Unsafe.ReadUnaligned<ulong>(ref from);
            ulong tail = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref from, length - 8));
            Unsafe.WriteUnaligned(ref target, head);
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref target, length - 8), tail);
        }
        else if (length >= 4)
        {
            uint head = Unsafe.ReadUnaligned<uint>(ref from);
            uint tail = Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref from, length - 4));
            Unsafe.WriteUnaligned(ref target, head);
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref target, length - 4), tail);
        }
        else
        {
            for (nuint i = 0; i < length; i++)
            {
                Unsafe.Add(ref target, i) = Unsafe.Add(ref from, i);
            }
        }
    }

    /// <remarks>Inline, the growing apart: the compare is two instructions where the literals and value writers are
    /// inlined, and a call of its own there cost 10 more (docs/PERFORMANCE.md, issue 18).</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Ensure(int more)
    {
        if (_buffer.Length - _count < more)
        {
            Grow(more);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Grow(int more) => Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _count + more));

    /// <summary>A number's JSON, padded for <see cref="RawPadded"/> (a double's is at most 24 bytes).</summary>
    private readonly record struct RecentDouble(long Bits, byte[] Json, int Length);

    private sealed class RecentString
    {
        public string? Text { get; private set; }

        /// <summary>The JSON, followed by at least <see cref="PaddedCopy"/> bytes (<see cref="RawPadded"/>: most are short,
        /// and a call to <c>Memmove</c> for each cost 1.5 % of native <c>parse</c>'s instructions).</summary>
        public byte[] Json { get; private set; } = new byte[64];

        public int Length { get; private set; }

        public void Keep(string text, ReadOnlySpan<byte> json)
        {
            if (Json.Length < json.Length + PaddedCopy)
            {
                Json = new byte[json.Length + PaddedCopy];
            }

            json.CopyTo(Json);
            Length = json.Length;
            Text = text;
        }
    }
}

/// <summary>The places in a document whose string is kept by <see cref="JsonBytes"/> from one document to the next.</summary>
/// <remarks>
/// Only where the same string comes back often enough: a miss writes the string and keeps a copy, so a site whose string
/// changes from one document to the next more than about 60 % of the time costs more than it saves. On the 300 MB log
/// (stop 21): the country came back 15 % of the time, the abort hint 31 %, the SBRS status 37 %, a recipient's
/// destination 39 % (all now written as they come); the action 41 % while message and connection documents shared it
/// (now one site each; docs/PERFORMANCE.md).
/// </remarks>
internal static class StringSites
{
    public const int Action = 0;
    public const int Outcome = 1;
    public const int AbortClass = 2;
    public const int Policy = 3;
    public const int Derivation = 4;
    public const int Interface = 5;
    public const int ConnectionPolicy = 6;
    public const int SenderGroup = 7;
    public const int Tls = 8;
    public const int ListenerIp = 9;
    public const int RelatedListenerIp = 10;
    public const int Hostname = 11;
    public const int SerialNumber = 12;
    public const int Version = 13;
    public const int LogPath = 14;
    public const int Spam = 15;
    public const int SpamEngine = 16;
    public const int Graymail = 17;
    public const int Antivirus = 18;
    public const int Amp = 19;
    public const int Outbreak = 20;
    public const int Dlp = 21;
    public const int SpfHelo = 22;
    public const int SpfMailFrom = 23;
    public const int SpfPra = 24;
    public const int DkimResult = 25;
    public const int DmarcResult = 26;
    public const int DmarcPolicy = 27;
    public const int SdrThreatLevel = 28;
    public const int TlsCipher = 29;
    public const int RecipientTls = 30;
    public const int ConnectionAction = 31;
    public const int ConnectionOutcome = 32;
    public const int Count = 33;
}
