using System.CommandLine;
using System.CommandLine.Help;
using EsaBridge.Cli;

namespace EsaBridge.Tests.Cli;

/// <summary>What a newcomer reads when a first try goes wrong: one line that says what to do.</summary>
public class CliMessagesTests
{
    [Fact]
    public void No_arguments_print_the_help()
    {
        var run = CliRun.Of([]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("Usage:", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("report", run.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("Required command", run.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("esabridge: unknown command 'pars': did you mean 'parse'? (see esabridge --help)", "pars", "x")]
    [InlineData("esabridge: unknown command 'reprot': did you mean 'report'? (see esabridge --help)", "reprot")]
    [InlineData("esabridge: unknown command 'setup elasticserch': did you mean 'setup elasticsearch'? (see esabridge --help)", "setup", "elasticserch")]
    [InlineData("esabridge: unknown command 'xyz': the commands are parse, report, ship, setup, export, run or resend (see esabridge --help)", "xyz")]
    [InlineData("esabridge: setup needs a command: elasticsearch, kibana or splunk (see esabridge --help)", "setup")]
    public void A_wrong_command_gets_the_closest_one_or_the_choices(string expected, params string[] args)
    {
        var run = CliRun.Of(args);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(expected, run.Stderr.TrimEnd('\n'));
    }

    [Fact]
    public void Every_numeric_option_names_the_value_it_expects_in_words()
    {
        var root = CliApp.BuildRoot(new ConsoleStreams(() => Stream.Null, () => Stream.Null, TextWriter.Null, TextWriter.Null, false), () => default, _ => null);
        var numeric = Commands(root, [])
            .SelectMany(c => c.Command.Options.Select(o => (c.Path, Option: o)))
            .Where(c => c.Option is not (HelpOption or VersionOption)
                && c.Option.ValueType != typeof(string) && c.Option.ValueType != typeof(string[]) && c.Option.ValueType != typeof(bool))
            .ToList();

        Assert.Contains(numeric, n => n.Option.Name == "--year");
        Assert.All(numeric, n =>
        {
            var run = CliRun.Of([.. n.Path, n.Option.Name, "abc"]);
            Assert.Equal(2, run.ExitCode);
            string line = Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.StartsWith($"esabridge: {n.Option.Name}: 'abc' is not a ", line, StringComparison.Ordinal);
            Assert.DoesNotContain("System.", line, StringComparison.Ordinal);
        });
        Assert.Equal(
            "esabridge: --year: 'abc' is not a year such as 2026 (see esabridge --help)",
            CliRun.Of(["parse", "--no-connections", "--year", "abc"]).Stderr.TrimEnd('\n'));
    }

    [Theory]
    [InlineData("report")]
    [InlineData("parse")]
    public void With_no_file_and_a_terminal_on_stdin_it_says_it_reads_standard_input(string command)
    {
        var run = CliRun.Of([command], stdin: string.Empty, stdinIsTerminal: true);

        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith(
            "esabridge: reading mail log lines from standard input (end with Ctrl-D); give log files as arguments, see --help\n",
            run.Stderr,
            StringComparison.Ordinal);
    }

    [Fact]
    public void Piped_stdin_is_read_without_the_notice()
    {
        var run = CliRun.Of(["parse", "--no-connections"], stdin: File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Samples", "esa-mail.log")));

        Assert.Equal(0, run.ExitCode);
        Assert.DoesNotContain("standard input", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Another_products_log_gives_one_line_and_exit_one()
    {
        const string dpkg = "2025-06-24 14:36:25 startup archives unpack\n2025-06-24 14:36:25 upgrade libsystemd0:amd64 252.36-1 252.38-1\n";
        const string syslog = "Dec  6 06:00:00 host sshd[811]: Accepted publickey for admin\nDec  6 06:00:01 host CRON[90]: (root) CMD (true)\n";

        var other = CliRun.Of(["parse", "--no-connections"], stdin: dpkg + syslog);
        var report = CliRun.Of(["report"], stdin: syslog);

        Assert.Equal(1, other.ExitCode);
        Assert.Empty(other.Stdout);
        Assert.Equal(
            "esabridge: nothing in the input looks like a Cisco ESA mail log (4 lines read: 2 not used, 2 malformed, none a mail log line); give the appliance's text mail logs (mail_logs)",
            Assert.Single(other.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
        Assert.Equal(1, report.ExitCode);
        Assert.Contains("nothing in the input looks like a Cisco ESA mail log", report.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Other_programs_syslog_lines_among_mail_log_lines_are_not_used_not_malformed()
    {
        string mail = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Samples", "esa-mail.log"));

        var run = CliRun.Of(["parse", "--no-connections"], stdin: mail + "Dec  6 06:00:00 host sshd[811]: Accepted publickey for admin\n");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("598 lines read, 587 used, 11 not used, 0 malformed", run.Stderr, StringComparison.Ordinal);
    }

    private static IEnumerable<(Command Command, string[] Path)> Commands(Command command, string[] path)
    {
        yield return (command, path);
        foreach (var sub in command.Subcommands)
        {
            foreach (var found in Commands(sub, [.. path, sub.Name]))
            {
                yield return found;
            }
        }
    }
}
