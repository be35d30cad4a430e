using System.Globalization;
using System.Text;

namespace EsaBridge.Bench.Generation;

/// <summary>
/// Writes ESA file-form mail log lines (<c>Thu Jun  1 00:00:07 2023 Info: text</c>) as UTF-8 into its own
/// 1 MiB buffer and hands full buffers to the stream. Times are milliseconds from <c>start</c>; only whole
/// seconds reach the log, and the timestamp prefix is formatted once per second.
/// </summary>
internal sealed class Utf8LogWriter : IDisposable
{
    public const int BufferSize = 1 << 20;

    private const int MaxPrefixLength = 64;
    private const int MaxNumberLength = 20;

    private static readonly string[] DayNames = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
    private static readonly string[] MonthNames =
        ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

    private readonly Stream _stream;
    private readonly DateTime _start;
    private readonly byte[] _buffer = new byte[BufferSize];
    private readonly byte[] _prefix = new byte[MaxPrefixLength];
    private int _prefixLength;
    private long _prefixSecond = long.MinValue;
    private int _position;
    private long _flushedBytes;

    public Utf8LogWriter(Stream stream, DateTime start)
    {
        _stream = stream;
        _start = start;
    }

    public long BytesWritten => _flushedBytes + _position;

    public long LinesWritten { get; private set; }

    /// <summary>Starts an <c>Info</c> line at <paramref name="timeMs"/> (milliseconds from the start time, never negative).</summary>
    public void BeginLine(long timeMs)
    {
        long second = timeMs / 1000;
        if (second != _prefixSecond)
        {
            FormatPrefix(second);
        }

        Append(_prefix.AsSpan(0, _prefixLength));
    }

    public void EndLine()
    {
        Ensure(1);
        _buffer[_position++] = (byte)'\n';
        LinesWritten++;
    }

    /// <summary>Writes one whole <c>Info</c> line.</summary>
    public void Line(long timeMs, ReadOnlySpan<byte> text)
    {
        BeginLine(timeMs);
        Append(text);
        EndLine();
    }

    public void Append(ReadOnlySpan<byte> bytes)
    {
        Ensure(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(_position));
        _position += bytes.Length;
    }

    public void Append(byte value)
    {
        Ensure(1);
        _buffer[_position++] = value;
    }

    public void Append(long value)
    {
        Ensure(MaxNumberLength);
        value.TryFormat(_buffer.AsSpan(_position), out int written, default, CultureInfo.InvariantCulture);
        _position += written;
    }

    /// <summary>Writes an IPv4 address held as a big-endian 32-bit number.</summary>
    public void AppendIp(uint address)
    {
        Append(address >> 24);
        Append((byte)'.');
        Append((address >> 16) & 0xFF);
        Append((byte)'.');
        Append((address >> 8) & 0xFF);
        Append((byte)'.');
        Append(address & 0xFF);
    }

    /// <summary>Writes the low <paramref name="digits"/> hex digits of <paramref name="value"/>, upper case.</summary>
    public void AppendHex(ulong value, int digits)
    {
        Ensure(digits);
        for (int i = digits - 1; i >= 0; i--)
        {
            _buffer[_position + i] = (byte)"0123456789ABCDEF"[(int)(value & 0xF)];
            value >>= 4;
        }

        _position += digits;
    }

    /// <summary>Writes a recipient list as the ESA logs it: <c>[0, 1, 2]</c>.</summary>
    public void AppendRidList(int count)
    {
        Append((byte)'[');
        for (int rid = 0; rid < count; rid++)
        {
            if (rid > 0)
            {
                Append(", "u8);
            }

            Append(rid);
        }

        Append((byte)']');
    }

    /// <summary>Writes some of a message's recipients as the ESA logs them: <c>[0, 2]</c>.</summary>
    public void AppendRidList(ReadOnlySpan<int> rids)
    {
        Append((byte)'[');
        for (int i = 0; i < rids.Length; i++)
        {
            if (i > 0)
            {
                Append(", "u8);
            }

            Append(rids[i]);
        }

        Append((byte)']');
    }

    public void Flush()
    {
        _stream.Write(_buffer, 0, _position);
        _flushedBytes += _position;
        _position = 0;
    }

    public void Dispose()
    {
        Flush();
        _stream.Flush();
    }

    private void Ensure(int count)
    {
        if (_buffer.Length - _position < count)
        {
            Flush();
        }
    }

    private void FormatPrefix(long second)
    {
        DateTime time = _start.AddSeconds(second);
        string text = string.Create(
            CultureInfo.InvariantCulture,
            $"{DayNames[(int)time.DayOfWeek]} {MonthNames[time.Month - 1]} {time.Day,2} {time:HH:mm:ss yyyy} Info: ");
        _prefixLength = Encoding.ASCII.GetBytes(text, _prefix);
        _prefixSecond = second;
    }
}
