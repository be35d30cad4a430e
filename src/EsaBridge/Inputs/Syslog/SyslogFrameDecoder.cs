namespace EsaBridge.Inputs.Syslog;

internal enum FrameStatus
{
    /// <summary>No complete frame in the data: read more (bytes of a skipped frame may have been consumed).</summary>
    NeedMore,
    Frame,

    /// <summary>A frame over the size limit; its bytes are skipped, also those still to come.</summary>
    Oversized,

    /// <summary>The stream cannot be framed any more (<see cref="SyslogFrameDecoder.Error"/>): close the connection.</summary>
    Error,
}

/// <summary>Frames of a syslog TCP stream (RFC 6587), decided per frame: one starting with a digit is octet-counted
/// (<c>LEN SP MSG</c>), any other ends at a newline (non-transparent framing). An octet count is believed only when its
/// message starts with a syslog PRI (<c>&lt;</c>) and its frame is followed by the start of another (a digit, <c>&lt;</c>
/// or a line break): a wrong count would swallow the frames after it, so it stops the stream instead.</summary>
internal sealed class SyslogFrameDecoder(int maxMessageBytes)
{
    private const int MaxCountDigits = 10;

    /// <summary>Over the limit, a frame is skipped; this far over it the count is not believed.</summary>
    private readonly long _maxCount = Math.Max(16L * maxMessageBytes, 1 << 20);

    private long _skipOctets;
    private bool _skipLine;
    private long _lastCount;
    private bool _checkNextFrame;

    /// <summary>Enough to hold any acceptable frame with its header.</summary>
    public int BufferBytes => maxMessageBytes + 32;

    public string? Error { get; private set; }

    /// <param name="data">The bytes not consumed yet.</param>
    /// <param name="endOfStream">No more bytes will come: a last unterminated line is a frame.</param>
    /// <param name="start">Start of the message in <paramref name="data"/> (for <see cref="FrameStatus.Frame"/>).</param>
    public FrameStatus Next(ReadOnlySpan<byte> data, bool endOfStream, out int consumed, out int start, out int length)
    {
        consumed = 0;
        start = 0;
        length = 0;
        if (_skipOctets > 0)
        {
            int skip = (int)Math.Min(_skipOctets, data.Length);
            consumed = skip;
            _skipOctets -= skip;
            if (_skipOctets > 0)
            {
                return FrameStatus.NeedMore;
            }
        }

        if (_skipLine)
        {
            int newline = data[consumed..].IndexOf((byte)'\n');
            if (newline < 0)
            {
                consumed = data.Length;
                return FrameStatus.NeedMore;
            }

            consumed += newline + 1;
            _skipLine = false;
        }

        var rest = data[consumed..];
        if (rest.IsEmpty)
        {
            return FrameStatus.NeedMore;
        }

        if (_checkNextFrame)
        {
            _checkNextFrame = false;
            if (!IsFrameStart(rest[0]))
            {
                return WrongCount(rest);
            }
        }

        return char.IsAsciiDigit((char)rest[0])
            ? OctetCounted(rest, endOfStream, ref consumed, out start, out length)
            : NewlineFramed(rest, endOfStream, ref consumed, out start, out length);
    }

    private FrameStatus OctetCounted(ReadOnlySpan<byte> rest, bool endOfStream, ref int consumed, out int start, out int length)
    {
        start = 0;
        length = 0;
        long count = 0;
        int digits = 0;
        while (digits < rest.Length && char.IsAsciiDigit((char)rest[digits]))
        {
            if (digits == MaxCountDigits)
            {
                return Fail("an octet count longer than 10 digits");
            }

            count = (count * 10) + (rest[digits] - '0');
            digits++;
        }

        if (digits == rest.Length)
        {
            return endOfStream ? Fail("the connection ended inside an octet count") : FrameStatus.NeedMore;
        }

        if (rest[digits] != ' ')
        {
            return Fail($"the octet count {count} is followed by 0x{rest[digits]:x2}, not a space");
        }

        if (count == 0)
        {
            return Fail("an octet count of 0");
        }

        int header = digits + 1;
        if (rest.Length == header)
        {
            return endOfStream ? Fail($"the connection ended inside a frame of {count} octets") : FrameStatus.NeedMore;
        }

        if (rest[header] != '<')
        {
            return Fail($"the octet count {count} is followed by 0x{rest[header]:x2}, not by a syslog message (<PRI>)");
        }

        if (count > _maxCount)
        {
            return Fail($"an octet count of {count}, over {_maxCount}: not a frame length");
        }

        _lastCount = count;
        if (count > maxMessageBytes)
        {
            int available = (int)Math.Min(count, rest.Length - header);
            _skipOctets = count - available;
            consumed += header + available;
            _checkNextFrame = true;
            return FrameStatus.Oversized;
        }

        if (rest.Length - header < count)
        {
            return endOfStream ? Fail($"the connection ended inside a frame of {count} octets") : FrameStatus.NeedMore;
        }

        if (rest.Length - header > count && !IsFrameStart(rest[header + (int)count]))
        {
            // Checked before the frame is passed on, when the next byte is there already.
            return WrongCount(rest[(header + (int)count)..]);
        }

        start = consumed + header;
        length = (int)count;
        consumed += header + length;
        _checkNextFrame = true;
        return FrameStatus.Frame;
    }

    private static bool IsFrameStart(byte b) => char.IsAsciiDigit((char)b) || b is (byte)'<' or (byte)'\n' or (byte)'\r';

    private FrameStatus WrongCount(ReadOnlySpan<byte> next)
    {
        var shown = new char[Math.Min(next.Length, 12)];
        for (int i = 0; i < shown.Length; i++)
        {
            shown[i] = next[i] is >= 0x20 and < 0x7f ? (char)next[i] : '.';
        }

        return Fail($"the octet count {_lastCount} does not match its frame: what follows it (\"{new string(shown)}\") does not start another frame");
    }

    private FrameStatus NewlineFramed(ReadOnlySpan<byte> rest, bool endOfStream, ref int consumed, out int start, out int length)
    {
        start = 0;
        length = 0;
        int newline = rest.IndexOf((byte)'\n');
        if (newline > maxMessageBytes || (newline < 0 && rest.Length > maxMessageBytes))
        {
            _skipLine = newline < 0;
            consumed += newline < 0 ? rest.Length : newline + 1;
            return FrameStatus.Oversized;
        }

        if (newline < 0 && !endOfStream)
        {
            return FrameStatus.NeedMore;
        }

        start = consumed;
        length = newline < 0 ? rest.Length : newline;
        consumed += newline < 0 ? rest.Length : newline + 1;
        return FrameStatus.Frame;
    }

    private FrameStatus Fail(string error)
    {
        Error = error;
        return FrameStatus.Error;
    }
}
