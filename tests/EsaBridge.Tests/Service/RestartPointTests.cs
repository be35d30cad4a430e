using System.IO.Compression;
using System.IO.Hashing;
using System.Text;
using System.Text.Json;
using EsaBridge.Checkpoints;
using EsaBridge.Inputs.Tailing;
using EsaBridge.Service;

namespace EsaBridge.Tests.Service;

/// <summary>
/// A restart reads again from the checkpoint every output acknowledged whenever what was read after it can be read
/// again, and otherwise goes on from the spooled checkpoint, whose documents are all in the spool.
/// </summary>
public sealed class RestartPointTests : IDisposable
{
    private readonly string _logs = Directory.CreateTempSubdirectory("esabridge-restart-").FullName;

    private IReadOnlyList<FileInputSettings> Inputs => [new(Path.Combine(_logs, "mail.*"), "esa1")];

    public void Dispose() => Directory.Delete(_logs, recursive: true);

    [Fact]
    public void With_no_checkpoint_at_all_it_reads_from_the_beginning_and_finds_what_the_spool_holds()
    {
        var restart = RestartPoint.Choose(null, null, Inputs, oldestSpooled: 0);

        Assert.Null(restart.From);
        Assert.Null(restart.TruncateTo);
        Assert.Equal(0, restart.RereadFrom);
        Assert.Null(restart.Fallback);
    }

    [Fact]
    public void When_every_output_acknowledged_everything_it_restarts_from_that_checkpoint_with_nothing_to_find()
    {
        WriteLog("mail.current", 5000);
        var state = At(9000, ("mail.current", 5000));

        var restart = RestartPoint.Choose(state, state with { }, Inputs, oldestSpooled: 0);

        Assert.Same(state, restart.From);
        Assert.Equal(9000, restart.RereadFrom);
        Assert.Null(restart.TruncateTo);
    }

    [Fact]
    public void When_outputs_lagged_it_reads_again_from_the_acknowledged_checkpoint_if_the_files_are_still_there()
    {
        WriteLog("mail.@20261128T101010.s", 8000);
        WriteLog("mail.current", 3000);
        var acknowledged = At(100, ("mail.@20261128T101010.s", 2000));
        var spooled = At(7000, ("mail.@20261128T101010.s", 8000), ("mail.current", 3000));

        var restart = RestartPoint.Choose(acknowledged, spooled, Inputs, oldestSpooled: 0);

        Assert.Same(acknowledged, restart.From);
        Assert.Equal(100, restart.RereadFrom);
        Assert.Same(spooled, restart.CatchUpTo);
        Assert.Null(restart.TruncateTo);
        Assert.Null(restart.Fallback);
    }

    [Fact]
    public void A_renamed_file_is_found_by_its_fingerprint()
    {
        WriteLog("mail.current", 8000);
        var acknowledged = At(100, ("mail.current", 2000));
        var spooled = At(7000, ("mail.current", 8000));
        File.Move(Path.Combine(_logs, "mail.current"), Path.Combine(_logs, "mail.@20261128T101010.s"));

        Assert.Null(RestartPoint.Choose(acknowledged, spooled, Inputs, 0).Fallback);
    }

    [Fact]
    public void A_file_reached_through_a_symbolic_link_is_there_with_the_length_of_what_it_points_to()
    {
        string elsewhere = Path.Combine(_logs, "elsewhere");
        Directory.CreateDirectory(elsewhere);
        File.WriteAllText(Path.Combine(elsewhere, "esa1.log"), LogText("mail.current", 8000));
        File.CreateSymbolicLink(Path.Combine(_logs, "mail.current"), Path.Combine(elsewhere, "esa1.log"));
        var acknowledged = At(100, ("mail.current", 2000));
        var spooled = At(7000, ("mail.current", 8000));

        Assert.Null(RestartPoint.Choose(acknowledged, spooled, Inputs, 0).Fallback);
    }

    [Fact]
    public void When_a_file_read_since_is_gone_or_cut_short_it_goes_on_from_the_spooled_checkpoint()
    {
        WriteLog("mail.current", 8000);
        var acknowledged = At(100, ("mail.current", 2000));
        var spooled = At(7000, ("mail.current", 8000));
        File.WriteAllText(Path.Combine(_logs, "mail.current"), LogText("mail.current", 4000)); // truncated and rewritten: the same head, fewer bytes

        var restart = RestartPoint.Choose(acknowledged, spooled, Inputs, 0);
        Assert.Same(spooled, restart.From);
        Assert.Equal(7000, restart.TruncateTo);
        Assert.Null(restart.RereadFrom);
        Assert.Contains("mail.current", restart.Fallback, StringComparison.Ordinal);

        File.Delete(Path.Combine(_logs, "mail.current"));
        Assert.Same(spooled, RestartPoint.Choose(acknowledged, spooled, Inputs, 0).From);
    }

    [Fact]
    public void A_file_the_acknowledged_checkpoint_lists_that_is_gone_and_forgotten_since_means_the_spooled_checkpoint()
    {
        WriteLog("mail.current", 3000);
        var acknowledged = At(100, ("mail.@20261128T101010.s", 2000), ("mail.current", 0));
        var spooled = At(7000, ("mail.current", 3000));

        Assert.Contains("mail.@20261128T101010.s", RestartPoint.Choose(acknowledged, spooled, Inputs, 0).Fallback, StringComparison.Ordinal);
    }

    [Fact]
    public void Syslog_messages_received_since_cannot_be_read_again()
    {
        var acknowledged = At(100) with { SyslogMessages = 40 };
        var spooled = At(7000) with { SyslogMessages = 41 };

        var restart = RestartPoint.Choose(acknowledged, spooled, Inputs, 0);

        Assert.Same(spooled, restart.From);
        Assert.Contains("1 syslog messages", restart.Fallback, StringComparison.Ordinal);
        Assert.Null(RestartPoint.Choose(acknowledged, spooled with { SyslogMessages = 40 }, Inputs, 0).Fallback);
    }

    [Fact]
    public void Without_an_acknowledged_checkpoint_it_reads_from_the_beginning_only_if_everything_is_still_there()
    {
        WriteLog("mail.current", 3000);
        var spooled = At(7000, ("mail.current", 3000));

        var restart = RestartPoint.Choose(null, spooled, Inputs, oldestSpooled: 0);
        Assert.Null(restart.From);
        Assert.Equal(0, restart.RereadFrom);

        var withSyslog = spooled with { SyslogMessages = 3 };
        Assert.Same(withSyslog, RestartPoint.Choose(null, withSyslog, Inputs, 0).From);
    }

    [Fact]
    public void A_compressed_file_read_since_counts_as_there_when_its_decompressed_head_matches()
    {
        const string name = "mail.@20261127T000000.s.gz";
        using (var gz = new GZipStream(File.Create(Path.Combine(_logs, name)), CompressionLevel.Fastest))
        {
            gz.Write(Encoding.UTF8.GetBytes(LogText(name, 6000)));
        }

        var spooled = new Checkpoint(7000, Files(new FileCheckpoint(Fingerprint(name), Head(name).Length, name, 6000, Done: true, "esa1")), []);
        Assert.Null(RestartPoint.Choose(null, spooled, Inputs, 0).Fallback);

        File.Delete(Path.Combine(_logs, name));
        Assert.NotNull(RestartPoint.Choose(null, spooled, Inputs, 0).Fallback);

    }

    private Checkpoint At(long spoolPosition, params (string Name, long Offset)[] files) =>
        new(spoolPosition, Files([.. files.Select(f => new FileCheckpoint(Fingerprint(f.Name), Head(f.Name).Length, Path.Combine(_logs, f.Name), f.Offset, false, "esa1"))]), []);

    private void WriteLog(string name, int bytes) => File.WriteAllText(Path.Combine(_logs, name), LogText(name, bytes));

    /// <summary>Each test file has a head of its own, as real ESA files do (their first lines carry the time they were started).</summary>
    private static string Head(string name) => $"Begin Logfile {name}\nVersion: 15.0.0\nTime offset from UTC: 0 seconds\n";

    private static string LogText(string name, int bytes)
    {
        var text = new StringBuilder(Head(name));
        while (text.Length < bytes)
        {
            text.Append("Thu Aug 14 11:04:31 2014 Info: New SMTP ICID 7 interface Data 1 (192.168.0.199) address 192.168.0.200\n");
        }

        return text.ToString();
    }

    private static string Fingerprint(string name) => XxHash3.HashToUInt64(Encoding.UTF8.GetBytes(Head(name))).ToString("x16");

    private static byte[] Files(params FileCheckpoint[] files) =>
        JsonSerializer.SerializeToUtf8Bytes(files.ToList(), TailerJsonContext.Default.ListFileCheckpoint);
}
