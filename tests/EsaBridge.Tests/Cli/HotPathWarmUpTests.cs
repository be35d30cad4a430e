using System.Text.RegularExpressions;
using EsaBridge.Pipeline;

namespace EsaBridge.Tests.Cli;

/// <summary>
/// The start-up warm-up of <c>esabridge parse</c> runs the embedded sample log through the parser, the sessionizer and
/// the document writers: it must find its sample and get every document out of it, connection documents included
/// (else it compiles less than it should, and the connection writer is compiled on the pipeline threads).
/// </summary>
public sealed partial class HotPathWarmUpTests
{
    [Fact]
    public void Runs_the_whole_sample_through_the_pipeline()
    {
        var counters = HotPathWarmUp.Run();

        Assert.NotNull(counters);
        Assert.Equal(35, counters.Documents);
    }

    [Fact]
    public void Writes_a_connection_document_for_each_connection_the_sample_closes()
    {
        var closed = File.ReadLines(Path.Combine(AppContext.BaseDirectory, "Samples", "esa-mail.log"))
            .Select(l => IcidClose().Match(l))
            .Where(m => m.Success)
            .Select(m => m.Groups[1].Value)
            .Distinct()
            .Count();

        var counters = HotPathWarmUp.Run();

        Assert.NotNull(counters);
        Assert.True(closed > 0);
        Assert.Equal(closed, counters.ConnectionDocuments);
    }

    [GeneratedRegex(@" Info: ICID ([1-9][0-9]*) close$")]
    private static partial Regex IcidClose();
}
