using System.Text;
using EsaBridge.Delivery.Spool;

namespace EsaBridge.Tests.Delivery;

public sealed class DocumentSpoolTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("esabridge-spool-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

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

    private static byte[] Json(int n) => Encoding.UTF8.GetBytes($"{{\"n\":{n}}}");
}
