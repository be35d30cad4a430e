using System.CommandLine;
using EsaBridge.Inputs.Syslog;
using EsaBridge.Outputs;
using EsaBridge.Service;

namespace EsaBridge.Cli;

/// <summary><c>esabridge run</c>: the long-running service. Tails files and listens for syslog, and delivers every finished
/// message through a durable spool to the configured outputs (NDJSON on stdout when none is configured).</summary>
internal static class RunCommand
{
    /// <summary>How long transient output failures are retried when <c>--retry-for</c> is not given: the spool holds.</summary>
    private static readonly TimeSpan Unlimited = TimeSpan.FromDays(365 * 100);

    public static Command Create(ConsoleStreams io, Func<DateOnly> today, Func<string, string?> environment)
    {
        var options = new RunOptions();
        var command = new Command("run", "Run as a service: tail mail logs and syslog, deliver every session document, survive restarts");
        options.AddTo(command);
        command.SetAction((result, cancellation) =>
        {
            var settings = Read(options, RunArguments.Expand(result, options.Config, environment), today(), environment);
            return RunHost.RunAsync(settings, io, cancellation);
        });
        return command;
    }

    /// <summary>Reads settings the way the command does (for tests and the command itself).</summary>
    public static RunSettings ReadSettings(string[] args, Func<DateOnly> today, Func<string, string?> environment)
    {
        var options = new RunOptions();
        var command = new Command("run");
        options.AddTo(command);
        var result = command.Parse(args);
        if (result.Errors.Count > 0)
        {
            throw new UsageException(result.Errors[0].Message);
        }

        return Read(options, RunArguments.Expand(result, options.Config, environment), today(), environment);
    }

    private static RunSettings Read(RunOptions o, ParseResult result, DateOnly today, Func<string, string?> environment)
    {
        string[] globs = result.GetValue(o.Input) ?? [];
        string[] hosts = result.GetValue(o.Host) ?? [];
        string[] udp = result.GetValue(o.SyslogUdp) ?? [];
        string[] tcp = result.GetValue(o.SyslogTcp) ?? [];
        if (globs.Length == 0 && udp.Length == 0 && tcp.Length == 0)
        {
            throw new UsageException("run needs an input: --input GLOB, --syslog-udp ADDR:PORT or --syslog-tcp ADDR:PORT");
        }

        if (hosts.Length > 1 && hosts.Length != globs.Length)
        {
            throw new UsageException($"--host: give one name for every --input, or one for all ({globs.Length} inputs, {hosts.Length} hosts)");
        }

        Array.ForEach(globs, glob => FlagValue("--input", () => Inputs.Tailing.TailGlob.Parse(glob)));

        var files = globs.Select((glob, i) => new FileInputSettings(glob, hosts.Length == 0 ? null : hosts[Math.Min(i, hosts.Length - 1)])).ToList();
        var (parser, sessions) = o.Reading.Read(result, today);
        var retryFor = result.GetValue(o.RetryFor) is string limit ? ValueParsers.Duration("--retry-for", limit) : Unlimited;
        var outputs = o.Outputs.Select(output => output.Read(result, environment)).OfType<IOutputSettings>().Select(output => output.WithRetryFor(retryFor)).ToList();

        string stateDirectory = Path.GetFullPath(result.GetValue(o.StateDirectory) ?? "/var/lib/esabridge");
        int maxMessage = (int)Math.Min(int.MaxValue, ValueParsers.Size("--syslog-max-message", result.GetValue(o.SyslogMaxMessage) ?? "64KB"));
        Array.ForEach(udp, address => FlagValue("--syslog-udp", () => Inputs.Syslog.SyslogEndpoint.Parse(address)));
        Array.ForEach(tcp, address => FlagValue("--syslog-tcp", () => Inputs.Syslog.SyslogEndpoint.Parse(address)));

        int maxConnections = result.GetValue(o.SyslogTcpMaxConnections);
        if (maxConnections < 1)
        {
            throw new UsageException($"--syslog-tcp-max-connections: {maxConnections} must be at least 1");
        }

        long udpBuffer = ValueParsers.Size("--syslog-udp-receive-buffer", result.GetValue(o.SyslogUdpReceiveBuffer) ?? "16MB");
        if (udpBuffer is < 4096 or > int.MaxValue)
        {
            throw new UsageException($"--syslog-udp-receive-buffer: {udpBuffer} bytes is not between 4KB and 2GB");
        }

        string idleTimeout = result.GetValue(o.SyslogTcpIdleTimeout) ?? "60s";
        TimeSpan? idle = idleTimeout.Trim() is "off" or "0" ? null : ValueParsers.Duration("--syslog-tcp-idle-timeout", idleTimeout);

        string? metrics = result.GetValue(o.Metrics);
        if (metrics is not null)
        {
            _ = MetricsServer.EndpointOf(metrics);
        }

        int keep = result.GetValue(o.OutputFileKeep);
        if (keep < 0)
        {
            throw new UsageException($"--output-file-keep: {keep} must not be negative");
        }

        return new RunSettings(
            Files: files,
            SyslogUdp: udp,
            SyslogTcp: tcp,
            SyslogMaxMessageBytes: maxMessage,
            SyslogTcpMaxConnections: maxConnections,
            SyslogUdpReceiveBufferBytes: (int)udpBuffer,
            SyslogTcpIdleTimeout: idle,
            Parser: parser,
            SessionizerOptions: sessions,
            StateDirectory: stateDirectory,
            SpoolMaxBytes: ValueParsers.Size("--spool-max-bytes", result.GetValue(o.SpoolMaxBytes) ?? "1GB"),
            NetworkOutputs: outputs,
            OutputFile: result.GetValue(o.OutputFile),
            OutputFileMaxBytes: ValueParsers.Size("--output-file-max-bytes", result.GetValue(o.OutputFileMaxBytes) ?? "100MB"),
            OutputFileKeep: keep,
            DeadLetterPath: result.GetValue(o.DeadLetter) ?? Path.Combine(stateDirectory, "dead-letters.ndjson"),
            Metrics: metrics,
            StatusInterval: ValueParsers.Duration("--status-interval", result.GetValue(o.StatusInterval) ?? "30s"),
            DegradedAfter: ValueParsers.Duration("--degraded-after", result.GetValue(o.DegradedAfter) ?? "5m"),
            PollInterval: ValueParsers.Duration("--poll-interval", result.GetValue(o.PollInterval) ?? "250ms"));
    }

    /// <summary>Checks a flag's value: its parser's <see cref="FormatException"/> becomes a usage error naming the flag.</summary>
    private static void FlagValue(string flag, Action parse)
    {
        try
        {
            parse();
        }
        catch (FormatException e)
        {
            throw new UsageException($"{flag}: {e.Message}");
        }
    }

    private sealed class RunOptions
    {
        public Option<string?> Config { get; } = new("--config") { Description = "JSON file of settings; keys are the flag names without dashes" };

        public Option<string[]> Input { get; } = new("--input")
        {
            Description = "Mail log files to tail, as a glob (/var/log/esa/mail.*); repeatable",
            AllowMultipleArgumentsPerToken = false,
        };

        public Option<string[]> Host { get; } = new("--host")
        {
            Description = "Appliance name (observer.hostname) of the n-th --input; one name for all inputs if given once",
        };

        public Option<string[]> SyslogUdp { get; } = new("--syslog-udp") { Description = "Listen for syslog on UDP ADDR:PORT (loopback when only :PORT or PORT is given)" };

        public Option<string[]> SyslogTcp { get; } = new("--syslog-tcp") { Description = "Listen for syslog on TCP ADDR:PORT, newline or octet-counting framing (loopback unless an address is given)" };

        public Option<string> SyslogMaxMessage { get; } = new("--syslog-max-message")
        {
            Description = "Longest syslog message accepted; longer ones are cut and counted",
            DefaultValueFactory = _ => "64KB",
        };

        public Option<string> SyslogUdpReceiveBuffer { get; } = new("--syslog-udp-receive-buffer")
        {
            Description = "Kernel receive buffer asked for each UDP syslog socket, to ride out bursts (capped by net.core.rmem_max unless running with CAP_NET_ADMIN)",
            DefaultValueFactory = _ => "16MB",
        };

        public Option<int> SyslogTcpMaxConnections { get; } = new("--syslog-tcp-max-connections")
        {
            Description = "TCP syslog connections served at once; more are refused, counted and logged",
            DefaultValueFactory = _ => 256,
            CustomParser = ValueParsers.WholeNumber<int>("--syslog-tcp-max-connections", "a number of connections such as 256"),
        };

        public Option<string> SyslogTcpIdleTimeout { get; } = new("--syslog-tcp-idle-timeout")
        {
            Description = "Close a TCP syslog connection that sends nothing for this long (off: never), so idle connections cannot hold every slot",
            DefaultValueFactory = _ => "60s",
        };

        public Option<string> StateDirectory { get; } = new("--state-dir")
        {
            Description = "Directory for checkpoints, the spool and output positions",
            DefaultValueFactory = _ => "/var/lib/esabridge",
        };

        public Option<string> SpoolMaxBytes { get; } = new("--spool-max-bytes")
        {
            Description = "Most documents kept on disk for outputs that are behind; when full, reading pauses",
            DefaultValueFactory = _ => "1GB",
        };

        public Option<string?> OutputFile { get; } = new("--output-file") { Description = "Also write documents as NDJSON to this file, rotated by size" };

        public Option<string> OutputFileMaxBytes { get; } = new("--output-file-max-bytes")
        {
            Description = "Size at which --output-file is rotated to FILE.1, FILE.2, ...",
            DefaultValueFactory = _ => "100MB",
        };

        public Option<int> OutputFileKeep { get; } = new("--output-file-keep")
        {
            Description = "Rotated --output-file copies kept",
            DefaultValueFactory = _ => 5,
            CustomParser = ValueParsers.WholeNumber<int>("--output-file-keep", "a number of files such as 5"),
        };

        public Option<string?> RetryFor { get; } = new("--retry-for")
        {
            Description = "How long an output's transient failures are retried before documents go to the dead-letter file (default: without limit, the spool holds them)",
        };

        public Option<string?> DeadLetter { get; } = new("--dead-letter")
        {
            Description = "NDJSON file for documents an output rejected for good (default: STATE-DIR/dead-letters.ndjson)",
        };

        public Option<string?> Metrics { get; } = new("--metrics") { Description = "Serve Prometheus /metrics and /health on ADDR:PORT (loopback when only a port is given)" };

        public Option<string> StatusInterval { get; } = new("--status-interval")
        {
            Description = "How often a status line is logged",
            DefaultValueFactory = _ => "30s",
        };

        public Option<string> DegradedAfter { get; } = new("--degraded-after")
        {
            Description = "How long an output's oldest undelivered document may wait before /health says degraded",
            DefaultValueFactory = _ => "5m",
        };

        public Option<string> PollInterval { get; } = new("--poll-interval")
        {
            Description = "How often files are checked for new lines",
            DefaultValueFactory = _ => "250ms",
        };

        public LogReadingOptions Reading { get; } = new();

        public List<IOutputOptions> Outputs { get; } = OutputRegistry.BuiltIn.Kinds.Select(kind => kind.CreateOptions()).ToList();

        public void AddTo(Command command)
        {
            Option[] options =
            [
                Config, Input, Host, SyslogUdp, SyslogTcp, SyslogMaxMessage, SyslogUdpReceiveBuffer, SyslogTcpMaxConnections,
                SyslogTcpIdleTimeout, StateDirectory, SpoolMaxBytes, OutputFile, OutputFileMaxBytes, OutputFileKeep, RetryFor,
                DeadLetter, Metrics, StatusInterval, DegradedAfter, PollInterval,
            ];
            foreach (var option in options)
            {
                command.Options.Add(option);
            }

            Reading.AddTo(command);
            Outputs.ForEach(output => output.AddTo(command, withBatching: true));
        }
    }
}
