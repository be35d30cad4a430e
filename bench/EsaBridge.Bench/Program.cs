using EsaBridge.Bench.Commands;

namespace EsaBridge.Bench;

/// <summary>Dispatches <c>generate</c>, <c>baseline</c> and <c>bdn</c>; bad arguments give one line on stderr and exit code 2.</summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        if (args.Length == 0)
        {
            return Usage.Fail(Usage.Text);
        }

        return args[0] switch
        {
            "generate" => GenerateCommand.Run(args[1..]),
            "baseline" => BaselineCommand.Run(args[1..]),
            "bdn" => BdnCommand.Run(args[1..]),
            "ship-bench" => ShipBenchCommand.Run(args[1..]),
            "run-bench" => RunBenchCommand.Run(args[1..]),
            "syslog-bench" => SyslogBenchCommand.Run(args[1..]),
            _ => Usage.Fail($"unknown command '{args[0]}'; {Usage.Text}"),
        };
    }
}
