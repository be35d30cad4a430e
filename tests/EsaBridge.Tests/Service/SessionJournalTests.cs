using System.Text;
using EsaBridge.Checkpoints;
using EsaBridge.Core.Documents;
using EsaBridge.Core.Parsing;
using EsaBridge.Core.Sessions;
using EsaBridge.Delivery;
using EsaBridge.Service;
using EsaBridge.StateFiles;
using EsaBridge.Tests.Sessions;
using Microsoft.Extensions.Logging.Abstractions;

namespace EsaBridge.Tests.Service;

/// <summary>The open sessions on disk as a snapshot and a journal of changes: what a restart reads back, and what it refuses.</summary>
public sealed class SessionJournalTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("esabridge-journal-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void A_restart_from_the_journal_the_last_commit_named_goes_on_exactly_as_one_uninterrupted_run()
    {
        byte[][] lines = [.. PipelineRun.SampleLines("esa-mail.log").Select(Encoding.UTF8.GetBytes)];
        var expected = new List<string>();
        var whole = NewPipeline(expected);
        foreach (var line in lines)
        {
            whole.Feed(line);
        }

        whole.FlushIncomplete();

        var documents = new List<string>();
        var pipeline = NewPipeline(documents);
        byte[] reference;
        int split = lines.Length * 2 / 3;
        using (var journal = new SessionJournal(_directory, StateDisk.Local, NullLogger.Instance, CancellationToken.None))
        {
            reference = journal.Commit(pipeline.Sessionizer);
            for (int i = 0; i < split; i++)
            {
                pipeline.Feed(lines[i]);
                if (i % 5 == 0)
                {
                    reference = journal.Commit(pipeline.Sessionizer);
                }
            }

            reference = journal.Commit(pipeline.Sessionizer);
        }

        // As after kill -9: nothing but the files and the checkpoint's reference survive.
        var restored = NewPipeline(documents);
        SessionJournal.Restore(reference, restored.Sessionizer, _directory);
        Assert.Equal(pipeline.Sessionizer.OpenMessages, restored.Sessionizer.OpenMessages);
        Assert.Equal(pipeline.Sessionizer.OpenConnections, restored.Sessionizer.OpenConnections);
        foreach (var line in lines.Skip(split))
        {
            restored.Feed(line);
        }

        restored.FlushIncomplete();
        Assert.Equal(expected, documents);
    }

    [Fact]
    public void Each_commit_writes_what_changed_and_a_journal_past_twice_its_snapshot_starts_a_new_generation()
    {
        var pipeline = NewPipeline([]);
        for (int mid = 1; mid <= 20_000; mid++)
        {
            pipeline.Feed(Encoding.UTF8.GetBytes($"Thu Aug 14 11:04:31 2014 Info: Start MID {mid} ICID {mid}"));
        }

        using var journal = new SessionJournal(_directory, StateDisk.Local, NullLogger.Instance, CancellationToken.None);
        journal.Commit(pipeline.Sessionizer);
        long snapshot = journal.BytesWritten;
        Assert.True(snapshot > SessionJournal.MinCompactBytes / 2, $"snapshot {snapshot} bytes");

        pipeline.Feed(Encoding.UTF8.GetBytes("Thu Aug 14 11:04:32 2014 Info: MID 7 ICID 7 From: <a@partner.example>"));
        journal.Commit(pipeline.Sessionizer);
        long oneChange = journal.BytesWritten - snapshot;
        Assert.InRange(oneChange, 1, 1000);

        // Touching every message at every commit: the journal outgrows its snapshot and a new generation begins.
        for (int commit = 0; commit < 4; commit++)
        {
            for (int mid = 1; mid <= 20_000; mid++)
            {
                pipeline.Feed(Encoding.UTF8.GetBytes($"Thu Aug 14 11:04:3{3 + commit} 2014 Info: MID {mid} ICID {mid} RID 0 To: <b@example.com>"));
            }

            journal.Commit(pipeline.Sessionizer);
        }

        Assert.True(File.Exists(SessionJournal.SnapshotPath(_directory, 2)));
        byte[] reference = journal.Commit(pipeline.Sessionizer);
        var restored = NewPipeline([]);
        SessionJournal.Restore(reference, restored.Sessionizer, _directory);
        Assert.Equal(20_000, restored.Sessionizer.OpenMessages);

        // Once both checkpoints name generation 2, generation 1 is deleted.
        journal.Saved(reference, acknowledged: true, []);
        journal.Saved(reference, acknowledged: false, []);
        Assert.False(File.Exists(SessionJournal.SnapshotPath(_directory, 1)));
        Assert.False(File.Exists(SessionJournal.JournalPath(_directory, 1)));
        Assert.True(File.Exists(SessionJournal.JournalPath(_directory, 2)));
    }

    [Fact]
    public void During_an_outage_only_the_generations_a_saved_or_waiting_checkpoint_names_are_kept()
    {
        using var journal = new SessionJournal(_directory, StateDisk.Local, NullLogger.Instance, CancellationToken.None);
        byte[] first = journal.Commit(NewPipeline([]).Sessionizer);
        byte[] Naming(long generation)
        {
            byte[] reference = (byte[])first.Clone();
            System.Buffers.Binary.BinaryPrimitives.WriteInt64LittleEndian(reference.AsSpan(4), generation);
            return reference;
        }

        // Generations 2-10 as a long outage leaves them: each start or compaction began one, none was acknowledged.
        for (long generation = 2; generation <= 10; generation++)
        {
            File.WriteAllBytes(SessionJournal.SnapshotPath(_directory, generation), [1]);
            File.WriteAllBytes(SessionJournal.JournalPath(_directory, generation), []);
        }

        journal.Saved(Naming(1), acknowledged: true, []);
        journal.Saved(Naming(9), acknowledged: false, [Naming(3), Naming(6), Naming(9)]);
        Assert.Equal([1, 3, 6, 9, 10], GenerationsOnDisk());

        // The outage ends: the waiting checkpoint naming 6 is acknowledged, and what only older ones named goes.
        journal.Saved(Naming(6), acknowledged: true, [Naming(9)]);
        Assert.Equal([6, 9, 10], GenerationsOnDisk());
    }

    private long[] GenerationsOnDisk() =>
    [
        .. Directory.GetFiles(_directory, "sessions-*.snapshot")
            .Select(path => long.Parse(Path.GetFileNameWithoutExtension(path)["sessions-".Length..], System.Globalization.CultureInfo.InvariantCulture))
            .Order(),
    ];

    [Fact]
    public void A_damaged_or_cut_journal_or_a_missing_snapshot_is_refused_with_what_is_wrong()
    {
        var pipeline = NewPipeline([]);
        byte[] reference;
        using (var journal = new SessionJournal(_directory, StateDisk.Local, NullLogger.Instance, CancellationToken.None))
        {
            journal.Commit(pipeline.Sessionizer);
            foreach (string line in PipelineRun.SampleLines("esa-mail.log").Take(60))
            {
                pipeline.Feed(Encoding.UTF8.GetBytes(line));
                reference = journal.Commit(pipeline.Sessionizer);
            }

            reference = journal.Commit(pipeline.Sessionizer);
        }

        string journalPath = SessionJournal.JournalPath(_directory, 1);
        byte[] good = File.ReadAllBytes(journalPath);
        byte[] flipped = (byte[])good.Clone();
        flipped[good.Length / 2] ^= 0x40;
        File.WriteAllBytes(journalPath, flipped);
        var damaged = Assert.Throws<InvalidDataException>(() => SessionJournal.Restore(reference, NewPipeline([]).Sessionizer, _directory));
        Assert.Contains($"session journal '{journalPath}' is damaged at record", damaged.Message, StringComparison.Ordinal);

        File.WriteAllBytes(journalPath, good[..(good.Length - 10)]);
        var cut = Assert.Throws<InvalidDataException>(() => SessionJournal.Restore(reference, NewPipeline([]).Sessionizer, _directory));
        Assert.Contains("is cut short", cut.Message, StringComparison.Ordinal);

        // What was appended after the checkpoint (a commit cut by kill -9) does not matter.
        File.WriteAllBytes(journalPath, [.. good, 1, 2, 3]);
        SessionJournal.Restore(reference, NewPipeline([]).Sessionizer, _directory);

        File.Delete(SessionJournal.SnapshotPath(_directory, 1));
        var missing = Assert.Throws<InvalidDataException>(() => SessionJournal.Restore(reference, NewPipeline([]).Sessionizer, _directory));
        Assert.Contains("named by the checkpoint is missing", missing.Message, StringComparison.Ordinal);
    }

    private static LogPipeline NewPipeline(List<string> documents)
    {
        var pipeline = new LogPipeline(new ParserOptions { Year = 2014 }, new SessionizerOptions(), r => documents.Add(EcsJson.ToJson(r)));
        pipeline.SetSource("esa1.example.com", "/var/log/esa/mail.current");
        return pipeline;
    }
}
