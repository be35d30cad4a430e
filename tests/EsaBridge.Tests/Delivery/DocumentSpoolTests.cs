using System.Text;
using EsaBridge.Spool;

namespace EsaBridge.Tests.Delivery;

public sealed class DocumentSpoolTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("esabridge-spool-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>This process's open file descriptors on the spool's segment files.</summary>
    private int OpenSpoolFiles() => new DirectoryInfo("/proc/self/fd").GetFileSystemInfos()
        .Count(fd => fd.LinkTarget is string target && target.StartsWith(_directory, StringComparison.Ordinal) && target.EndsWith(".spool", StringComparison.Ordinal));

    [Fact]
    public void Readers_see_only_committed_documents_in_the_order_written()
    {
        using var spool = new DocumentSpool(_directory);
        spool.Append("a", Json(1));
        spool.Append("b", Json(2));
        Assert.Empty(spool.Read(0, 100, long.MaxValue).Documents);

        long committed = spool.Commit();
        var (documents, next) = spool.Read(0, 100, long.MaxValue);

        Assert.Equal(["a", "b"], documents.Select(d => d.Id));
        Assert.Equal("{\"n\":2}", Encoding.UTF8.GetString(documents[1].Json.Span));
        Assert.Equal(committed, next);
    }

    [Fact]
    public void A_pipelined_commit_shows_documents_only_once_published()
    {
        using var spool = new DocumentSpool(_directory, segmentBytes: 64);
        spool.Append("a", Json(1));
        long position = spool.FlushToSystem();
        spool.Append("b", Json(2));
        spool.SyncToDisk();
        Assert.Empty(spool.Read(0, 10, long.MaxValue).Documents);

        spool.Publish(position);

        Assert.Equal(["a"], spool.Read(0, 10, long.MaxValue).Documents.Select(d => d.Id));
    }

    [Fact]
    public void Segments_closed_between_commits_stay_open_only_until_the_next_sync_makes_them_durable()
    {
        using var spool = new DocumentSpool(_directory, segmentBytes: 64);
        for (int i = 0; i < 100; i++)
        {
            spool.Append($"id{i}", Json(i));
        }

        int openWhileUnsynced = OpenSpoolFiles();
        spool.Commit();

        Assert.True(Directory.GetFiles(_directory, "*.spool").Length > 10, "the test needs many segments");
        Assert.True(openWhileUnsynced > 10, $"closed segments wait for the sync: {openWhileUnsynced} open");
        Assert.Equal(1, OpenSpoolFiles());
        Assert.Equal(100, spool.Read(0, 1000, long.MaxValue).Documents.Count);
    }

    [Fact]
    public void Batches_respect_document_and_byte_limits_and_resume_where_they_stopped()
    {
        using var spool = new DocumentSpool(_directory, segmentBytes: 100);
        for (int i = 0; i < 50; i++)
        {
            spool.Append($"id{i}", Json(i));
        }

        spool.Commit();
        var ids = new List<string>();
        long position = 0;
        while (true)
        {
            var (documents, next) = spool.Read(position, 7, 40);
            if (documents.Count == 0)
            {
                break;
            }

            Assert.True(documents.Count <= 7);
            ids.AddRange(documents.Select(d => d.Id));
            position = next;
        }

        Assert.Equal(Enumerable.Range(0, 50).Select(i => $"id{i}"), ids);
        Assert.True(Directory.GetFiles(_directory, "*.spool").Length > 5, "small segments roll over");
    }

    [Fact]
    public void Positions_and_documents_survive_a_reopen()
    {
        long middle;
        using (var spool = new DocumentSpool(_directory, segmentBytes: 64))
        {
            spool.Append("a", Json(1));
            middle = spool.Commit();
            spool.Append("b", Json(2));
            spool.Commit();
        }

        using var reopened = new DocumentSpool(_directory, segmentBytes: 64);
        Assert.Equal(["b"], reopened.Read(middle, 10, long.MaxValue).Documents.Select(d => d.Id));
        reopened.Append("c", Json(3));
        reopened.Commit();
        Assert.Equal(["a", "b", "c"], reopened.Read(0, 10, long.MaxValue).Documents.Select(d => d.Id));
    }

    [Fact]
    public void Truncating_to_a_checkpoint_forgets_later_documents()
    {
        using var spool = new DocumentSpool(_directory, segmentBytes: 64);
        spool.Append("a", Json(1));
        long checkpoint = spool.Commit();
        for (int i = 0; i < 10; i++)
        {
            spool.Append($"late{i}", Json(i));
        }

        spool.Commit();
        spool.TruncateTo(checkpoint);
        spool.Append("b", Json(2));
        spool.Commit();

        Assert.Equal(["a", "b"], spool.Read(0, 100, long.MaxValue).Documents.Select(d => d.Id));
    }

    [Fact]
    public void A_record_torn_by_a_crash_is_cut_off_at_reopen()
    {
        using (var spool = new DocumentSpool(_directory))
        {
            spool.Append("whole", Json(1));
            spool.Commit();
        }

        string segment = Directory.GetFiles(_directory, "*.spool").Single();
        using (var file = new FileStream(segment, FileMode.Append))
        {
            file.Write([40, 0, 0, 0, 1, 2, 3, 4, (byte)'x']);
        }

        using var reopened = new DocumentSpool(_directory);
        reopened.Append("next", Json(2));
        reopened.Commit();
        Assert.Equal(["whole", "next"], reopened.Read(0, 10, long.MaxValue).Documents.Select(d => d.Id));
    }

    [Fact]
    public void Released_segments_are_deleted_but_the_one_being_written_stays()
    {
        using var spool = new DocumentSpool(_directory, segmentBytes: 50);
        for (int i = 0; i < 20; i++)
        {
            spool.Append($"id{i}", Json(i));
        }

        long end = spool.Commit();
        spool.ReleaseBefore(end);

        Assert.Single(Directory.GetFiles(_directory, "*.spool"));
        Assert.True(spool.OldestPosition > 0);
        Assert.Throws<InvalidOperationException>(() => spool.Read(0, 10, long.MaxValue));
    }

    [Fact]
    public async Task A_waiting_reader_wakes_when_documents_are_committed()
    {
        using var spool = new DocumentSpool(_directory);
        var waiting = spool.WaitForDataAsync(0, CancellationToken.None);
        Assert.False(waiting.IsCompleted);

        spool.Append("a", Json(1));
        spool.Commit();

        await waiting.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void A_full_disk_refuses_a_flush_but_keeps_its_documents_for_when_there_is_room()
    {
        var disk = new FillingDisk(free: 30);
        using var spool = new DocumentSpool(_directory, disk: disk);
        spool.Append("a", Json(1));
        spool.Append("b", Json(2));

        var refused = Assert.Throws<IOException>(() => spool.FlushToSystem());
        Assert.True(EsaBridge.StateFiles.StateDisk.IsFull(refused));
        Assert.True(new FileInfo(Directory.GetFiles(_directory, "*.spool").Single()).Length > 0); // a part was written

        disk.Free = 1 << 20;
        long committed = spool.Commit();

        Assert.Equal(["a", "b"], spool.Read(0, 10, long.MaxValue).Documents.Select(d => d.Id));
        Assert.Equal(committed, spool.Read(0, 10, long.MaxValue).Next);
    }

    [Fact]
    public void A_document_refused_by_a_full_disk_is_not_half_added_and_can_be_appended_again()
    {
        var disk = new FillingDisk(free: 1 << 20);
        using (var spool = new DocumentSpool(_directory, segmentBytes: 64, disk: disk))
        {
            spool.Append("a", Json(1));
            spool.Append("b", Json(2));
            spool.Commit();
            disk.Free = 10;

            // The segment is full: the next document needs the open one flushed and closed, then a new one.
            spool.Append("c", Json(3));
            Assert.Throws<IOException>(() => spool.Commit());
            Assert.Throws<IOException>(() => spool.Append("d", new byte[(1 << 20) + 1]));

            disk.Free = 4 << 20;
            spool.Append("d", new byte[(1 << 20) + 1]);
            spool.Append("e", Json(5));
            spool.Commit();
            Assert.Equal(["a", "b", "c", "d", "e"], spool.Read(0, 10, long.MaxValue).Documents.Select(d => d.Id));
        }

        using var reopened = new DocumentSpool(_directory, segmentBytes: 64);
        Assert.Equal(["a", "b", "c", "d", "e"], reopened.Read(0, 10, long.MaxValue).Documents.Select(d => d.Id));
    }

    private static byte[] Json(int n) => Encoding.UTF8.GetBytes($"{{\"n\":{n}}}");
}
