using BenchmarkDotNet.Running;

namespace EsaBridge.Bench.Commands;

/// <summary><c>bdn [args]</c>: hands the remaining arguments to BenchmarkDotNet's switcher over this assembly.</summary>
internal static class BdnCommand
{
    public static int Run(string[] args)
    {
        _ = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
