using EsaBridge.Inputs.Tailing;

namespace EsaBridge.Tests.Inputs;

/// <summary>
/// A writer appends (sometimes half a line at a time) and rotates (by rename, or copytruncate) while the tailer polls with small budgets
/// (some lines over the limit) and now and then "crashes": everything handed over after the last saved checkpoints is thrown away and a new tailer
/// starts from those checkpoints. In the end every line has been handed over exactly once, in the order written.
/// </summary>
public sealed class TailerRotationProperties : IDisposable
{
    private const int MaxLineBytes = 300;

    private readonly LogDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void EveryLineOnceInOrderThroughRotationsAndRestarts(int seed)
    {
        var random = new Random(seed);
        var written = new List<string>();
        int files = 0;
        int lineNumber = 0;
        string pendingHalf = "";
        StartFile(ref files, written);

        var sink = new RecordingSink();
        var saved = (Checkpoints: (IReadOnlyList<FileCheckpoint>)[], Received: 0);
        var tailer = NewTailer(saved.Checkpoints);
        try
        {
            for (int step = 0; step < 60; step++)
            {
                switch (random.Next(10))
                {
                    case < 5:
                        // Whole lines, the last one perhaps only half written.
                        string text = pendingHalf;
                        pendingHalf = "";
                        int count = random.Next(1, 30);
                        for (int i = 0; i < count; i++)
                        {
                            if (random.Next(15) == 0)
                            {
                                written.Add("<oversized>");
                                text += new string('y', random.Next(MaxLineBytes + 1, MaxLineBytes * 5)) + "\n";
                                continue;
                            }

                            string line = $"Thu Aug 14 11:00:00 2014 Info: line {++lineNumber} {new string('x', random.Next(0, 200))}";
                            written.Add(line);
                            text += line + "\n";
                        }

                        if (random.Next(3) == 0)
                        {
                            string line = $"Thu Aug 14 11:00:00 2014 Info: line {++lineNumber} half";
                            written.Add(line);
                            int cut = random.Next(1, line.Length);
                            text += line[..cut];
                            pendingHalf = line[cut..] + "\n";
                        }

                        _dir.Append("mail.current", text);
                        break;
                    case < 7 when pendingHalf.Length == 0:
                        if (random.Next(2) == 0)
                        {
                            _dir.Rename("mail.current", $"mail.@{files:000000}.s");
                        }
                        else
                        {
                            File.Copy(_dir.PathOf("mail.current"), _dir.PathOf($"mail.@{files:000000}.s"));
                            using var truncate = new FileStream(_dir.PathOf("mail.current"), FileMode.Open, FileAccess.Write, FileShare.ReadWrite);
                            truncate.SetLength(0);
                        }

                        StartFile(ref files, written);
                        break;
                    case < 8:
                        // A crash: what was handed over since the last save is lost with the process.
                        tailer.Dispose();
                        sink.Received.RemoveRange(saved.Received, sink.Received.Count - saved.Received);
                        tailer = NewTailer(saved.Checkpoints);
                        break;
                    default:
                        saved = (tailer.Checkpoints(), sink.Received.Count);
                        break;
                }

                tailer.Poll(sink, random.Next(1, 4000));
            }

            _dir.Append("mail.current", pendingHalf);
            Tail.Until(tailer, sink, () => sink.Received.Count >= written.Count, "every line");
            Tail.Settle(tailer, sink, TimeSpan.FromMilliseconds(100));
        }
        finally
        {
            tailer.Dispose();
        }

        Assert.Equal(written, sink.Lines);
        Assert.Empty(sink.Problems);
    }

    private void StartFile(ref int files, List<string> written)
    {
        string[] header = Tail.Header(files++);
        written.AddRange(header);
        _dir.AppendLines("mail.current", header);
    }

    private FileTailer NewTailer(IReadOnlyList<FileCheckpoint> restored) =>
        new([new TailInput(_dir.PathOf("mail.*"), "esa1")], Tail.FastOptions with { MaxLineBytes = MaxLineBytes, ReadBufferBytes = 1 }, restored);
}
