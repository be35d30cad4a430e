using System.IO.Compression;
using System.Text;
using System.Text.Json;
using EsaBridge.Core.Parsing;
using EsaBridge.Core.Sessions;
using EsaBridge.Inputs.Tailing;
using EsaBridge.Tests.Sessions;

namespace EsaBridge.Tests.Inputs;

public sealed class FileTailerTests : IDisposable
{
    private readonly LogDirectory _dir = new();
    private readonly RecordingSink _sink = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void RotationByRenameReadsEveryLineOnceInOrder()
    {
        string[] first = [.. Tail.Header(0), .. Tail.Numbered("old", 1, 5)];
        _dir.AppendLines("mail.current", first);
        using var tailer = NewTailer("mail.*");
        Tail.Until(tailer, _sink, () => _sink.Received.Count == first.Length, "the first file");

        // Lines the tailer has not seen yet when the file is rotated and a new one started.
        string[] late = Tail.Numbered("old", 6, 3);
        _dir.AppendLines("mail.current", late);
        _dir.Rename("mail.current", "mail.@20261128T101010.s");
        string[] second = [.. Tail.Header(1), .. Tail.Numbered("new", 1, 4)];
        _dir.AppendLines("mail.current", second);
        Tail.Until(tailer, _sink, () => _sink.Received.Count >= first.Length + late.Length + second.Length, "both files");
        Tail.Settle(tailer, _sink);

        Assert.Equal([.. first, .. late, .. second], _sink.Lines);
        Assert.Equal(_dir.PathOf("mail.current"), _sink.Received[^1].Path);
        Assert.Equal(_dir.PathOf("mail.@20261128T101010.s"), Assert.Single(tailer.Checkpoints(), c => c.Offset == c.FingerprintLength + Bytes(Tail.Numbered("old", 1, 8))).Path);
        Assert.Equal(1, tailer.Counters.Renames);
        Assert.Equal(2, tailer.Counters.FilesDiscovered);
    }

    [Fact]
    public void MessageSpanningARotationGivesOneCorrectDocument()
    {
        string[] sample = [.. PipelineRun.SampleLines("esa-mail.log").Take(27)];
        _dir.AppendLines("mail.current", sample[..15]);
        var records = new List<SessionRecord>();
        var pipeline = new LogPipeline(new ParserOptions { Year = 2014 }, new SessionizerOptions(), records.Add);
        var problems = new List<string>();
        var sink = new PipelineTailSink(pipeline, (path, message) => problems.Add(message));
        using var tailer = NewTailer("mail.*", host: "esa1.example.com");
        Tail.Until(tailer, sink, () => pipeline.Counters.LinesRead == 15, "the first part");

        _dir.Rename("mail.current", "mail.@20140814T101507.s");
        string[] header = ["Thu Aug 14 10:15:07 2014 Info: Begin Logfile", sample[1], sample[2]];
        _dir.AppendLines("mail.current", [.. header, .. sample[15..]]);
        Tail.Until(tailer, sink, () => pipeline.Counters.LinesRead == 27 + 3, "the second part");

        var record = Assert.Single(records);
        Assert.Equal(1391, record.Mid);
        Assert.Equal(10278, record.Icid);
        Assert.Equal(MessageOutcome.Done, record.Outcome);
        Assert.Equal(6, record.DurationSeconds);
        Assert.Equal("dispatch@partner-logistics.example", record.From);
        Assert.Equal("RE: PO 4500182273 - delivery window", record.Subject);
        Assert.Equal("esa1.example.com", record.Appliance);
        Assert.Equal("203.0.113.45", record.Connection?.SourceIp);
        Assert.Equal(_dir.PathOf("mail.current"), record.LogPath);
        Assert.Equal(0, pipeline.Counters.Malformed);
        Assert.Empty(problems);
    }

    [Fact]
    public void RestartFromSavedCheckpointsAfterARenameLosesNothingAndRepeatsNothing()
    {
        string[] first = [.. Tail.Header(0), .. Tail.Numbered("old", 1, 400)];
        _dir.AppendLines("mail.current", first);
        var before = new RecordingSink();
        string saved;
        using (var tailer = NewTailer("mail.*"))
        {
            // A small budget per poll: the checkpoint is taken part way through the file.
            tailer.Poll(before, 700);
            tailer.Poll(before, 700);
            Assert.InRange(before.Received.Count, 1, first.Length - 1);
            saved = JsonSerializer.Serialize(tailer.Checkpoints().ToList(), TailerJsonContext.Default.ListFileCheckpoint);
        }

        string[] late = Tail.Numbered("old", 41, 5);
        _dir.AppendLines("mail.current", late);
        _dir.Rename("mail.current", "mail.@20261128T101010.s");
        string[] second = [.. Tail.Header(1), .. Tail.Numbered("new", 1, 5)];
        _dir.AppendLines("mail.current", second);

        var restored = JsonSerializer.Deserialize(saved, TailerJsonContext.Default.ListFileCheckpoint)!;
        var checkpoint = Assert.Single(restored);
        Assert.Equal(_dir.PathOf("mail.current"), checkpoint.Path);
        Assert.False(checkpoint.Done);
        using (var tailer = NewTailer("mail.*", restored: restored))
        {
            Tail.Until(tailer, _sink, () => before.Received.Count + _sink.Received.Count >= first.Length + late.Length + second.Length, "the rest");
            Tail.Settle(tailer, _sink);
            Assert.Equal(0, tailer.Counters.Truncations);
        }

        Assert.Equal([.. first, .. late, .. second], [.. before.Lines, .. _sink.Lines]);
        Assert.All(_sink.Received.Take(first.Length + late.Length - before.Received.Count), r => Assert.EndsWith("mail.@20261128T101010.s", r.Path));
    }

    [Fact]
    public void AFileReachedThroughASymbolicLinkIsNotTakenForTruncatedAfterARestart()
    {
        string[] lines = [.. Tail.Header(0), .. Tail.Numbered("linked", 1, 50)];
        _dir.AppendLines("elsewhere.log", lines);
        File.CreateSymbolicLink(_dir.PathOf("mail.current"), _dir.PathOf("elsewhere.log"));
        List<FileCheckpoint> saved;
        using (var tailer = NewTailer("mail.*"))
        {
            Tail.Until(tailer, _sink, () => _sink.Received.Count >= lines.Length, "the linked file");
            saved = [.. tailer.Checkpoints()];
        }

        string[] more = Tail.Numbered("linked", 51, 3);
        _dir.AppendLines("elsewhere.log", more);
        var after = new RecordingSink();
        using (var tailer = NewTailer("mail.*", restored: saved))
        {
            Tail.Until(tailer, after, () => after.Received.Count >= more.Length, "the lines written since");
            Tail.Settle(tailer, after);
            Assert.Equal(0, tailer.Counters.Truncations);
        }

        Assert.Equal(more, after.Lines);
    }

    [Fact]
    public void CheckpointOffsetCountsOnlyWholeLinesHandedOver()
    {
        _dir.Append("mail.current", string.Join("\n", Tail.Header(0)) + "\nhalf a li");
        using var tailer = NewTailer("mail.*");
        Tail.Until(tailer, _sink, () => _sink.Received.Count == 3, "the header");

        var checkpoint = Assert.Single(tailer.Checkpoints());
        Assert.Equal(Encoding.UTF8.GetByteCount(string.Join("\n", Tail.Header(0)) + "\n"), checkpoint.Offset);
        Assert.Equal(checkpoint.Offset, checkpoint.FingerprintLength);
        Assert.Matches("^[0-9a-f]{16}$", checkpoint.Fingerprint);
    }

    [Fact]
    public void CopyTruncateReadsTheNewContentFromTheStartAndTheCopiedRestOnce()
    {
        string[] first = [.. Tail.Header(0), .. Tail.Numbered("old", 1, 5)];
        _dir.AppendLines("mail.current", first);
        using var tailer = NewTailer("mail.*");
        Tail.Until(tailer, _sink, () => _sink.Received.Count == first.Length, "the first content");

        // Written before the rotation, never read from mail.current: it survives only in the copy.
        string[] unread = Tail.Numbered("old", 6, 2);
        _dir.AppendLines("mail.current", unread);
        File.Copy(_dir.PathOf("mail.current"), _dir.PathOf("mail.1"));
        using (var truncate = new FileStream(_dir.PathOf("mail.current"), FileMode.Open, FileAccess.Write, FileShare.ReadWrite))
        {
            truncate.SetLength(0);
        }

        string[] second = [.. Tail.Header(7), .. Tail.Numbered("new", 1, 2)];
        _dir.AppendLines("mail.current", second);
        Tail.Until(tailer, _sink, () => _sink.Received.Count >= first.Length + unread.Length + second.Length, "everything");
        Tail.Settle(tailer, _sink);

        Assert.Equal([.. first, .. unread, .. second], _sink.Lines);
        Assert.Equal(1, tailer.Counters.Truncations);
    }

    [Fact]
    public void AFileShorterThanItsOffsetIsReadAgainFromTheStart()
    {
        string[] first = [.. Tail.Header(0), .. Tail.Numbered("old", 1, 20)];
        _dir.AppendLines("mail.current", first);
        using var tailer = NewTailer("mail.*");
        Tail.Until(tailer, _sink, () => _sink.Received.Count == first.Length, "the first content");

        // The same first lines, shorter: only the size shows the truncation.
        File.WriteAllText(_dir.PathOf("mail.current"), string.Concat(first.Take(4).Select(l => l + "\n")));
        Tail.Until(tailer, _sink, () => _sink.Received.Count >= first.Length + 4, "the rewritten content");
        Tail.Settle(tailer, _sink);

        Assert.Equal([.. first, .. first.Take(4)], _sink.Lines);
        Assert.True(tailer.Counters.Truncations >= 1);
    }

    [Fact]
    public void ADeletedFileIsReadToItsEndThroughTheHandleAndThenClosed()
    {
        string[] first = [.. Tail.Header(0), .. Tail.Numbered("old", 1, 3)];
        string path = _dir.AppendLines("mail.current", first);
        using var tailer = NewTailer("mail.*");
        Tail.Until(tailer, _sink, () => _sink.Received.Count == first.Length, "the first lines");
        Assert.Equal(1, tailer.OpenFiles);

        string[] late = Tail.Numbered("old", 4, 3);
        _dir.AppendLines("mail.current", late);
        File.Delete(path);
        Tail.Until(tailer, _sink, () => tailer.OpenFiles == 0, "the handle to be closed");

        Assert.Equal([.. first, .. late], _sink.Lines);
        Assert.Equal(1, tailer.Counters.FilesClosed);
        if (OperatingSystem.IsLinux())
        {
            Assert.DoesNotContain(OpenFileTargets(), t => t.StartsWith(path, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void ACompressedFileIsReadOnceWholeAndRememberedAsDone()
    {
        string[] lines = [.. Tail.Header(0), .. Tail.Numbered("archived", 1, 2000)];
        // gzip keeps the last write time of the file it compressed: a day ago.
        WriteGzip("mail.@20261127T000000.s.gz", lines);
        string[] current = [.. Tail.Header(9), .. Tail.Numbered("current", 1, 3)];
        _dir.AppendLines("mail.current", current);
        File.SetLastWriteTimeUtc(_dir.PathOf("mail.@20261127T000000.s.gz"), DateTime.UtcNow.AddDays(-1));

        IReadOnlyList<FileCheckpoint> checkpoints;
        using (var tailer = NewTailer("mail.*"))
        {
            Tail.Until(tailer, _sink, () => _sink.Received.Count >= lines.Length + current.Length, "the archive and the current file", maxBytes: 16 << 10);
            Tail.Settle(tailer, _sink);
            checkpoints = tailer.Checkpoints();
            Assert.Equal(1, tailer.Counters.CompressedFilesRead);
            Assert.Equal(0, tailer.OpenFiles - 1);
        }

        Assert.Equal([.. lines, .. current], _sink.Lines);
        var archive = Assert.Single(checkpoints, c => c.Path.EndsWith(".gz", StringComparison.Ordinal));
        Assert.True(archive.Done);

        var again = new RecordingSink();
        using (var restarted = NewTailer("mail.*", restored: checkpoints))
        {
            Tail.Settle(restarted, again);
        }

        Assert.Empty(again.Received);
    }

    [Fact]
    public void ACompressedFileCutShortIsReportedAndItsCompleteLinesAreRead()
    {
        string[] lines = [.. Tail.Header(0), .. Tail.Numbered("archived", 1, 2000)];
        WriteGzip("mail.@20261127T000000.s.gz", lines);
        string path = _dir.PathOf("mail.@20261127T000000.s.gz");
        // gzip -c log | head -c 3000
        File.WriteAllBytes(path, File.ReadAllBytes(path)[..3000]);
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddDays(-1));
        string[] current = [.. Tail.Header(9), .. Tail.Numbered("current", 1, 3)];
        _dir.AppendLines("mail.current", current);

        using var tailer = NewTailer("mail.*");
        Tail.Until(tailer, _sink, () => _sink.Received.Any(r => r.Line == current[^1]), "the current file", maxBytes: 4 << 10);
        Tail.Settle(tailer, _sink);

        string problem = Assert.Single(_sink.Problems);
        Assert.StartsWith($"{path}: ", problem, StringComparison.Ordinal);
        Assert.Contains("cut short", problem, StringComparison.Ordinal);
        var archived = _sink.Received.Where(r => r.Path == path).Select(r => r.Line).ToList();
        Assert.True(archived.Count > 100, $"the lines before the cut are read ({archived.Count})");
        // Complete lines only, in order: the one the cut went through is not handed over.
        Assert.Equal(lines[..archived.Count], archived);
        Assert.Equal(current, _sink.Lines[archived.Count..]);
        Assert.Equal(1, tailer.Counters.ReadErrors);
        Assert.Equal(0, tailer.Counters.CompressedFilesRead);
    }

    [Fact]
    public void ARotatedFileCompressedBeforeItWasReadToItsEndIsReadOnFromTheArchive()
    {
        string[] first = [.. Tail.Header(0), .. Tail.Numbered("old", 1, 5)];
        _dir.AppendLines("mail.current", first);
        using var tailer = NewTailer("mail.*");
        Tail.Until(tailer, _sink, () => _sink.Received.Count == first.Length, "the first lines");

        string[] late = Tail.Numbered("old", 6, 4);
        _dir.AppendLines("mail.current", late);
        _dir.Rename("mail.current", "mail.1");
        WriteGzip("mail.1.gz", [.. first, .. late]);
        File.SetLastWriteTimeUtc(_dir.PathOf("mail.1.gz"), DateTime.UtcNow.AddMinutes(-5));
        File.Delete(_dir.PathOf("mail.1"));
        string[] second = [.. Tail.Header(1), .. Tail.Numbered("new", 1, 2)];
        _dir.AppendLines("mail.current", second);
        Tail.Until(tailer, _sink, () => _sink.Received.Count >= first.Length + late.Length + second.Length, "the rest");
        Tail.Settle(tailer, _sink);

        Assert.Equal([.. first, .. late, .. second], _sink.Lines);
    }

    [Fact]
    public void AFileIsPickedUpOnceItHasAFirstCompleteLine()
    {
        _dir.Append("mail.current", "");
        using var tailer = NewTailer("mail.*");
        Tail.Settle(tailer, _sink, TimeSpan.FromMilliseconds(100));
        _dir.Append("mail.current", "Thu Aug 14 10:00:00 2014 Info: Begin Log");
        Tail.Settle(tailer, _sink, TimeSpan.FromMilliseconds(100));
        Assert.Equal(0, tailer.Counters.FilesDiscovered);
        Assert.Empty(_sink.Received);

        _dir.Append("mail.current", "file\n");
        Tail.Until(tailer, _sink, () => _sink.Received.Count == 1, "the first line");
        string[] rest = [.. Tail.Header(0).Skip(1), .. Tail.Numbered("x", 1, 2)];
        _dir.AppendLines("mail.current", rest);
        Tail.Until(tailer, _sink, () => _sink.Received.Count == 5, "the following lines");

        Assert.Equal([.. Tail.Header(0), .. Tail.Numbered("x", 1, 2)], _sink.Lines);
        var checkpoint = Assert.Single(tailer.Checkpoints());
        Assert.Equal(Encoding.UTF8.GetByteCount(string.Concat(Tail.Header(0).Select(l => l + "\n"))), checkpoint.FingerprintLength);
    }

    [Fact]
    public void APartialLastLineIsHeldUntilItsNewlineArrives()
    {
        _dir.Append("mail.current", string.Concat(Tail.Header(0).Select(l => l + "\n")) + "Thu Aug 14 10:00:01 2014 Info: ICID 1 cl");
        using var tailer = NewTailer("mail.*");
        Tail.Until(tailer, _sink, () => _sink.Received.Count == 3, "the header");
        Tail.Settle(tailer, _sink, TimeSpan.FromMilliseconds(600));
        Assert.Equal(3, _sink.Received.Count);

        _dir.Append("mail.current", "ose\n");
        Tail.Until(tailer, _sink, () => _sink.Received.Count == 4, "the completed line");
        Assert.Equal("Thu Aug 14 10:00:01 2014 Info: ICID 1 close", _sink.Lines[^1]);
    }

    [Fact]
    public void TheUnterminatedTailOfARotatedFileIsDeliveredAfterTheGracePeriodBeforeTheNewFile()
    {
        _dir.Append("mail.current", string.Concat(Tail.Header(0).Select(l => l + "\n")) + "last words");
        using var tailer = NewTailer("mail.*");
        Tail.Until(tailer, _sink, () => _sink.Received.Count == 3, "the header");
        _dir.Rename("mail.current", "mail.@20261128T101010.s");
        string[] second = [.. Tail.Header(1), .. Tail.Numbered("new", 1, 2)];
        _dir.AppendLines("mail.current", second);
        Tail.Until(tailer, _sink, () => _sink.Received.Count == 3 + 1 + second.Length, "the tail and the new file");

        Assert.Equal([.. Tail.Header(0), "last words", .. second], _sink.Lines);
        Assert.Equal(1, tailer.Counters.UnterminatedTails);
    }

    [Fact]
    public void AnOldRotatedFileFoundAtStartWithAnUnterminatedTailDoesNotHoldUpTheCurrentOne()
    {
        _dir.Append("mail.@20261128T000000.s", string.Concat(Tail.Header(0).Select(l => l + "\n")) + "cut short");
        File.SetLastWriteTimeUtc(_dir.PathOf("mail.@20261128T000000.s"), DateTime.UtcNow.AddHours(-2));
        _dir.AppendLines("mail.current", [.. Tail.Header(1), "current"]);
        var options = Tail.FastOptions with { IdleGrace = TimeSpan.FromHours(1) };
        using var tailer = new FileTailer([new TailInput(_dir.PathOf("mail.*"), null)], options, []);
        Tail.Until(tailer, _sink, () => _sink.Received.Count == 8, "both files");

        Assert.Equal([.. Tail.Header(0), "cut short", .. Tail.Header(1), "current"], _sink.Lines);
    }

    [Fact]
    public void TwoInputsCarryTheirOwnHosts()
    {
        _dir.AppendLines("a/mail.current", [.. Tail.Header(0), "a line"]);
        _dir.AppendLines("b/mail.current", [.. Tail.Header(0, serial: "B"), "b line"]);
        using var tailer = new FileTailer(
            [new TailInput(_dir.PathOf("a/mail.*"), "esa-a"), new TailInput(_dir.PathOf("b/mail.*"), "esa-b")], Tail.FastOptions, []);
        Tail.Until(tailer, _sink, () => _sink.Received.Count == 8, "both files");

        Assert.Equal("esa-a", Assert.Single(_sink.Received, r => r.Line == "a line").Host);
        Assert.Equal("esa-b", Assert.Single(_sink.Received, r => r.Line == "b line").Host);
        Assert.All(_sink.Received, r => Assert.Equal(r.Host == "esa-a" ? "a" : "b", Path.GetFileName(Path.GetDirectoryName(r.Path))));
    }

    [Fact]
    public void ALineWrittenIsPickedUpByTheNextPolls()
    {
        _dir.AppendLines("mail.current", Tail.Header(0));
        using var tailer = new FileTailer([new TailInput(_dir.PathOf("mail.*"), null)], new TailerOptions(), []);
        Tail.Until(tailer, _sink, () => _sink.Received.Count == 3, "the header");
        for (int i = 1; i <= 3; i++)
        {
            _dir.AppendLines("mail.current", Tail.Numbered("live", i, 1));
            Tail.Until(tailer, _sink, () => _sink.Received.Count == 3 + i, $"live line {i}");
        }

        Assert.Equal(Tail.Numbered("live", 1, 3), _sink.Lines[3..]);
    }

    [Fact]
    public void LinesOverTheLimitAreSkippedAndReportedOnceEach()
    {
        string huge = new('x', 5000);
        _dir.AppendLines("mail.current", [.. Tail.Header(0), "before", huge, "between", huge + huge, "after"]);
        var options = Tail.FastOptions with { MaxLineBytes = 1000, ReadBufferBytes = 1 };
        using var tailer = new FileTailer([new TailInput(_dir.PathOf("mail.*"), null)], options, []);
        Tail.Until(tailer, _sink, () => _sink.Received.Count == 8, "every line");

        Assert.Equal([.. Tail.Header(0), "before", "<oversized>", "between", "<oversized>", "after"], _sink.Lines);
        Assert.Equal(2, tailer.Counters.OversizedLines);
    }

    [Fact]
    public void ABudgetSmallerThanALineStillMakesProgress()
    {
        string[] lines = [.. Tail.Header(0), .. Tail.Numbered("n", 1, 50)];
        _dir.AppendLines("mail.current", lines);
        using var tailer = NewTailer("mail.*");
        Tail.Until(tailer, _sink, () => _sink.Received.Count == lines.Length, "every line", maxBytes: 1);

        Assert.Equal(lines, _sink.Lines);
    }

    [Fact]
    public void FilesOfAnInputAreReadOldestFirst()
    {
        _dir.AppendLines("mail.@20261128T000000.s", [.. Tail.Header(0), "first"]);
        _dir.AppendLines("mail.@20261128T010000.s", [.. Tail.Header(1), "second"]);
        _dir.AppendLines("mail.current", [.. Tail.Header(2), "third"]);
        File.SetLastWriteTimeUtc(_dir.PathOf("mail.@20261128T000000.s"), new DateTime(2026, 11, 28, 0, 59, 0, DateTimeKind.Utc));
        File.SetLastWriteTimeUtc(_dir.PathOf("mail.@20261128T010000.s"), new DateTime(2026, 11, 28, 1, 59, 0, DateTimeKind.Utc));
        using var tailer = NewTailer("mail.*");
        Tail.Until(tailer, _sink, () => _sink.Received.Count == 12, "all three files");

        Assert.Equal(["first", "second", "third"], _sink.Lines.Where(l => !l.Contains("2014", StringComparison.Ordinal)));
    }

    [Fact]
    public void CheckpointsOfFilesThatAreGoneAreForgottenAfterAWhile()
    {
        string path = _dir.AppendLines("mail.current", Tail.Header(0));
        var options = Tail.FastOptions with { ForgetAfter = TimeSpan.FromMilliseconds(200), IdleGrace = TimeSpan.FromMilliseconds(50) };
        using var tailer = new FileTailer([new TailInput(_dir.PathOf("mail.*"), null)], options, []);
        Tail.Until(tailer, _sink, () => _sink.Received.Count == 3, "the header");
        File.Delete(path);
        Tail.Until(tailer, _sink, () => tailer.Checkpoints().Count == 0, "the checkpoint to be dropped");

        Assert.Equal(1, tailer.Counters.Forgotten);
    }

    [Fact]
    public void UnusableCheckpointsAreIgnoredAndCounted()
    {
        using var tailer = NewTailer("mail.*", restored:
        [
            new FileCheckpoint("not-hex", 10, "/x", 0, false, null),
            new FileCheckpoint("0123456789abcdef", 0, "/x", 0, false, null),
            new FileCheckpoint("0123456789abcdef", 10, "/x", -1, false, null),
            new FileCheckpoint("0123456789abcdef", 10, "/x", 5, false, null),
        ]);

        Assert.Equal(3, tailer.Counters.IgnoredCheckpoints);
        Assert.Single(tailer.Checkpoints());
    }

    [Theory]
    [InlineData("mail.*", "mail.current", true)]
    [InlineData("mail.*", "mail.@20261128T101010.s", true)]
    [InlineData("mail.*", "mail", false)]
    [InlineData("mail.?", "mail.1", true)]
    [InlineData("mail.?", "mail.12", false)]
    [InlineData("*.s", "mail.@x.s", true)]
    [InlineData("m*l*.c*t", "mail.current", true)]
    [InlineData("mail.current", "mail.current", true)]
    [InlineData("Mail.*", "mail.current", false)]
    public void PatternsMatchFileNames(string pattern, string name, bool matches) =>
        Assert.Equal(matches, TailGlob.WildcardMatches(pattern, name));

    [Theory]
    [InlineData("/var/*/mail.*", "wildcards are only allowed in the file name")]
    [InlineData("", "empty")]
    public void UnusablePatternsAreExplained(string glob, string message) =>
        Assert.Contains(message, Assert.Throws<FormatException>(() => TailGlob.Parse(glob)).Message, StringComparison.Ordinal);

    private FileTailer NewTailer(string pattern, string? host = null, IReadOnlyList<FileCheckpoint>? restored = null) =>
        new([new TailInput(_dir.PathOf(pattern), host)], Tail.FastOptions, restored ?? []);

    private static int Bytes(IEnumerable<string> lines) => lines.Sum(l => Encoding.UTF8.GetByteCount(l) + 1);

    private void WriteGzip(string name, IEnumerable<string> lines)
    {
        using var file = File.Create(_dir.PathOf(name));
        using var gzip = new GZipStream(file, CompressionLevel.Fastest);
        gzip.Write(Encoding.UTF8.GetBytes(string.Concat(lines.Select(l => l + "\n"))));
    }

    private static List<string> OpenFileTargets()
    {
        var targets = new List<string>();
        foreach (var fd in new DirectoryInfo("/proc/self/fd").EnumerateFileSystemInfos())
        {
            try
            {
                if (fd.LinkTarget is { } target)
                {
                    targets.Add(target);
                }
            }
            catch (IOException)
            {
            }
        }

        return targets;
    }
}
