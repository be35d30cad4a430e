using System.Buffers;
using System.Globalization;
using System.Text;
using EsaBridge.Delivery;

namespace EsaBridge.Spool;

/// <summary>The ids of the documents a restart will make again that are already in the spool: a restart reads again
/// from the checkpoint every output acknowledged, and each document it makes that the spool already holds is dropped
/// once, so no output receives it twice. Filled at start-up; <see cref="TryDrop"/> runs on the spool thread, the rest
/// on the reading thread while the spool thread is idle (after a drain).</summary>
internal sealed class AlreadySpooled
{
    private const int ReadBatch = 4096;
    private static readonly SearchValues<byte> LowerHexDigits = SearchValues.Create("0123456789abcdef"u8);

    private readonly HashSet<UInt128> _hexIds = [];
    private readonly HashSet<string> _otherIds = new(StringComparer.Ordinal);
    private long _dropped;

    /// <summary>Documents made again and dropped so far.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Spooled documents not made again (yet).</summary>
    public int Remaining => _hexIds.Count + _otherIds.Count;

    /// <summary>Reads the ids of the documents spooled from <paramref name="from"/> to the spool's end.</summary>
    /// <param name="damagedAt">Where a damaged record stops the reading, if one does: the spool is good only up to there.</param>
    public static AlreadySpooled Read(DocumentSpool spool, long from, out long? damagedAt)
    {
        var spooled = new AlreadySpooled();
        damagedAt = null;
        int batch = ReadBatch;
        long position = Math.Max(from, spool.OldestPosition);
        while (position < spool.CommittedPosition)
        {
            List<OutgoingDocument> documents;
            long next;
            try
            {
                (documents, next) = spool.Read(position, batch, long.MaxValue);
            }
            catch (InvalidDataException) when (batch > 1)
            {
                batch = 1; // one record at a time from here, to find the damaged one
                continue;
            }
            catch (InvalidDataException)
            {
                damagedAt = position;
                break;
            }

            if (next == position)
            {
                break;
            }

            documents.ForEach(document => spooled.Add(document.Id));
            position = next;
        }

        return spooled;
    }

    public void Add(string id)
    {
        if (TryParseHex(Encoding.ASCII.GetBytes(id), out var hex))
        {
            _hexIds.Add(hex);
        }
        else
        {
            _otherIds.Add(id);
        }
    }

    /// <returns>True when a document with this id is already spooled: it is not spooled again (and only once).</returns>
    public bool TryDrop(ReadOnlySpan<byte> id)
    {
        bool dropped = TryParseHex(id, out var hex) ? _hexIds.Remove(hex) : _otherIds.Count > 0 && _otherIds.Remove(Encoding.ASCII.GetString(id));
        if (dropped)
        {
            Interlocked.Increment(ref _dropped);
        }

        return dropped;
    }

    public void Clear()
    {
        _hexIds.Clear();
        _otherIds.Clear();
    }

    /// <summary>An <c>event.id</c> as the sessionizer writes it: 32 lower-case hex digits, held as one number.</summary>
    private static bool TryParseHex(ReadOnlySpan<byte> id, out UInt128 value)
    {
        value = default;
        return id.Length == 32
            && !id.ContainsAnyExcept(LowerHexDigits)
            && UInt128.TryParse(id, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);
    }
}
