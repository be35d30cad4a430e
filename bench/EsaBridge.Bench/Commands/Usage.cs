namespace EsaBridge.Bench.Commands;

/// <summary>Shared bits of the plain argument handling: usage text and the one-line failure with exit code 2.</summary>
internal static class Usage
{
    public const int BadArguments = 2;

    /// <summary>One mebibyte: the unit of SIZE_MB and of every MB/s figure printed.</summary>
    public const double Mebibyte = 1024 * 1024;

    public const string Text =
        "usage: EsaBridge.Bench generate OUT.log SIZE_MB [--seed N] [--start yyyy-MM-ddTHH:mm:ss] [--rate CONN_PER_S] " +
        "[--mix delivered,drop,lost,timeout,quit,other] | baseline FILE | bdn [BenchmarkDotNet args] | ship-bench ESABRIDGE FILE [--hec] [ship flags]";

    public static int Fail(string message)
    {
        Console.Error.WriteLine($"EsaBridge.Bench: {message}");
        return BadArguments;
    }
}
