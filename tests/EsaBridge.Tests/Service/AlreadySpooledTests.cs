using EsaBridge.Service;
using EsaBridge.Spool;

namespace EsaBridge.Tests.Service;

public sealed class AlreadySpooledTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("esabridge-respool-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Each_document_spooled_after_the_position_is_dropped_once_and_only_those()
    {
        using var spool = new DocumentSpool(_directory);
        spool.Append("0123456789abcdef0123456789abcdef", """{"n":1}"""u8);
        long from = spool.Commit();
        spool.Append("fedcba9876543210fedcba9876543210", """{"n":2}"""u8);
        spool.Append("not-an-event-id", """{"n":3}"""u8);
        spool.Commit();

        var spooled = AlreadySpooled.Read(spool, from, out long? damagedAt);

        Assert.Null(damagedAt);
        Assert.Equal(2, spooled.Remaining);
        Assert.False(spooled.TryDrop("0123456789abcdef0123456789abcdef"u8), "spooled before the position: made again, it is new");
        Assert.False(spooled.TryDrop("FEDCBA9876543210FEDCBA9876543210"u8), "ids are compared exactly");
        Assert.True(spooled.TryDrop("fedcba9876543210fedcba9876543210"u8));
        Assert.False(spooled.TryDrop("fedcba9876543210fedcba9876543210"u8), "dropped once only");
        Assert.True(spooled.TryDrop("not-an-event-id"u8));
        Assert.Equal(0, spooled.Remaining);
        Assert.Equal(2, spooled.Dropped);
    }

    [Fact]
    public void A_damaged_record_ends_the_reading_and_says_where()
    {
        // One record per segment, so the damage is in a segment before the last (a damaged end of the last one is
        // cut when the spool is opened).
        long damaged;
        using (var spool = new DocumentSpool(_directory, segmentBytes: 40))
        {
            spool.Append("0123456789abcdef0123456789abcdef", """{"n":1}"""u8);
            damaged = spool.Commit();
            spool.Append("fedcba9876543210fedcba9876543210", """{"n":2}"""u8);
            spool.Append("00000000000000000000000000000000", """{"n":3}"""u8);
            spool.Commit();
        }

        string segment = Path.Combine(_directory, damaged.ToString("D20", System.Globalization.CultureInfo.InvariantCulture) + ".spool");
        byte[] bytes = File.ReadAllBytes(segment);
        bytes[12] ^= 0xFF; // inside the second record's id: its CRC no longer matches
        File.WriteAllBytes(segment, bytes);

        using var reopened = new DocumentSpool(_directory, segmentBytes: 40);
        var spooled = AlreadySpooled.Read(reopened, 0, out long? damagedAt);

        Assert.Equal(damaged, damagedAt);
        Assert.Equal(1, spooled.Remaining);
        Assert.True(spooled.TryDrop("0123456789abcdef0123456789abcdef"u8));
    }
}
