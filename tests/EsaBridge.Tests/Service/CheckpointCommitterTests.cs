using EsaBridge.Checkpoints;
using EsaBridge.Delivery;
using EsaBridge.Service;
using EsaBridge.Spool;
using EsaBridge.StateFiles;
using Microsoft.Extensions.Logging.Abstractions;

namespace EsaBridge.Tests.Service;

/// <summary>
/// The acknowledged checkpoint (the one a restart reads from) moves only to a checkpoint whose documents every output
/// has acknowledged; the spooled one follows the durable spool; spool segments are freed only before the acknowledged one.
/// </summary>
public sealed class CheckpointCommitterTests : IDisposable
{
    private readonly string _state = Directory.CreateTempSubdirectory("esabridge-commit-").FullName;
    private long _oldestUnacknowledged;

    public void Dispose() => Directory.Delete(_state, recursive: true);

    [Fact]
    public void The_acknowledged_checkpoint_is_the_newest_one_every_output_has_passed()
    {
        using var spool = new DocumentSpool(Path.Combine(_state, "spool"));
        using var committer = Committer(spool);
        long[] positions = [AppendAndFlush(spool, 3), AppendAndFlush(spool, 3), AppendAndFlush(spool, 3)];
        foreach (long position in positions)
        {
            committer.Submit(Named(position));
            committer.WaitIdle();
        }

        Assert.Null(Load(Checkpoint.AcknowledgedPath(_state)));
        Assert.Equal(positions[2], Load(Checkpoint.SpooledPath(_state))!.SpoolPosition);
        Assert.Equal(positions[2], spool.CommittedPosition);

        Acknowledge(committer, positions[1] + 1); // part of the third checkpoint's documents: not enough for it
        Assert.Equal(positions[1], Load(Checkpoint.AcknowledgedPath(_state))!.SpoolPosition);

        Acknowledge(committer, positions[2]);
        Assert.Equal(positions[2], Load(Checkpoint.AcknowledgedPath(_state))!.SpoolPosition);
    }

    [Fact]
    public void A_checkpoint_taken_while_reading_again_can_be_acknowledged_but_never_replaces_the_spooled_one()
    {
        using var spool = new DocumentSpool(Path.Combine(_state, "spool"));
        using var committer = Committer(spool);
        long spooled = AppendAndFlush(spool, 4);
        committer.Submit(Named(spooled));
        committer.WaitIdle();

        committer.Submit(Named(0, syslogMessages: 7), spooled: false);
        committer.WaitIdle();

        Assert.Equal(spooled, Load(Checkpoint.SpooledPath(_state))!.SpoolPosition);
        var acknowledged = Load(Checkpoint.AcknowledgedPath(_state))!;
        Assert.Equal(0, acknowledged.SpoolPosition);
        Assert.Equal(7, acknowledged.SyslogMessages);
    }

    [Fact]
    public void Spool_segments_are_freed_only_before_the_acknowledged_checkpoint()
    {
        using var spool = new DocumentSpool(Path.Combine(_state, "spool"), segmentBytes: 256);
        using var committer = Committer(spool);
        long first = AppendAndFlush(spool, 10);
        committer.Submit(Named(first));
        committer.WaitIdle();
        long second = AppendAndFlush(spool, 10);
        committer.Submit(Named(second));
        committer.WaitIdle();

        Acknowledge(committer, second - 1); // everything of the first checkpoint, not all of the second
        Assert.True(spool.OldestPosition <= first, "a segment after the acknowledged checkpoint was freed");
        Assert.True(spool.OldestPosition > 0, "segments before the acknowledged checkpoint should be freed");

        Acknowledge(committer, second);
        Assert.True(spool.OldestPosition > first);
    }

    [Fact]
    public void While_outputs_lag_for_long_candidates_stay_bounded_and_the_newest_is_kept()
    {
        using var spool = new DocumentSpool(Path.Combine(_state, "spool"));
        using var committer = Committer(spool);
        var positions = new List<long>();
        for (int i = 0; i < 100; i++)
        {
            positions.Add(AppendAndFlush(spool, 1));
            committer.Submit(Named(positions[^1]));
            committer.WaitIdle();
        }

        Acknowledge(committer, positions[49]);
        long acknowledged = Load(Checkpoint.AcknowledgedPath(_state))!.SpoolPosition;
        Assert.InRange(acknowledged, 1, positions[49]);
        Assert.Contains(acknowledged, positions);

        Acknowledge(committer, positions[^1]);
        Assert.Equal(positions[^1], Load(Checkpoint.AcknowledgedPath(_state))!.SpoolPosition);
    }

    [Fact]
    public void A_checkpoint_of_the_previous_format_still_loads()
    {
        var checkpoint = new Checkpoint(1234, "[]"u8.ToArray(), [1, 2, 3], SyslogMessages: 99);
        string path = Path.Combine(_state, "v2");
        checkpoint.Save(path, StateDisk.Local);
        byte[] v2 = File.ReadAllBytes(path);

        // Format 1 had no syslog count: the same bytes without it, version 1, its own CRC.
        byte[] v1 = [.. v2.AsSpan(0, v2.Length - 12), 0, 0, 0, 0];
        BitConverter.TryWriteBytes(v1.AsSpan(4), 1);
        BitConverter.TryWriteBytes(v1.AsSpan(v1.Length - 4), System.IO.Hashing.Crc32.HashToUInt32(v1.AsSpan(0, v1.Length - 4)));
        File.WriteAllBytes(path, v1);

        var loaded = Load(path)!;
        Assert.Equal(1234, loaded.SpoolPosition);
        Assert.Equal([1, 2, 3], loaded.SessionState);
        Assert.Equal(0, loaded.SyslogMessages);

        v1[10] ^= 1;
        File.WriteAllBytes(path, v1);
        Assert.Throws<InvalidDataException>(() => Load(path));
    }

    private CheckpointCommitter Committer(DocumentSpool spool) =>
        new(spool, _state, StateDisk.Local, () => Interlocked.Read(ref _oldestUnacknowledged), NullLogger.Instance, CancellationToken.None);

    private void Acknowledge(CheckpointCommitter committer, long position)
    {
        Interlocked.Exchange(ref _oldestUnacknowledged, position);
        committer.OutputsMoved();
        committer.WaitIdle();
    }

    private static long AppendAndFlush(DocumentSpool spool, int documents)
    {
        for (int i = 0; i < documents; i++)
        {
            spool.Append(Guid.NewGuid().ToString("N"), """{"message":"a document of some length"}"""u8);
        }

        return spool.FlushToSystem();
    }

    private static Checkpoint Named(long position, long syslogMessages = 0) => new(position, "[]"u8.ToArray(), [], syslogMessages);

    private static Checkpoint? Load(string path) => Checkpoint.Load(path);
}
