using EsaBridge.Outputs;
using EsaBridge.Tests.Cli;

namespace EsaBridge.Tests.Outputs.Counting;

/// <summary>A new output, registered once, reaches <c>ship</c> with its flag, the engine's retries and the summary.</summary>
public sealed class CountingOutputTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("esabridge-count-").FullName;

    private static string Sample => Path.Combine(AppContext.BaseDirectory, "Samples", "esa-mail.log");

    [Fact]
    public void Ship_delivers_every_document_once_to_an_output_registered_in_one_line()
    {
        var tally = new Tally { FailFirst = 2 };
        var registry = OutputRegistry.BuiltIn.With(CountingOutput.Kind(tally));

        var ship = CliRun.Of(["ship", "--no-connections", Sample, "--count-into", "test", "--dead-letter", Path.Combine(_dir, "dead.ndjson")], outputs: registry);

        Assert.Equal(0, ship.ExitCode);
        Assert.Equal(35, tally.Counts.Count);
        Assert.All(tally.Counts.Values, n => Assert.Equal(1, n));
        Assert.Contains("the counter is not ready", ship.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_dir, "dead.ndjson")));
    }

    [Fact]
    public void Without_its_registration_the_flag_is_unknown()
    {
        var ship = CliRun.Of(["ship", "--no-connections", Sample, "--count-into", "test"]);

        Assert.Equal(2, ship.ExitCode);
        Assert.Contains("--count-into", ship.Stderr, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
