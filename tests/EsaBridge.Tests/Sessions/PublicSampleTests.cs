using System.Text.RegularExpressions;

namespace EsaBridge.Tests.Sessions;

/// <summary>Real lines from public sources: no exception, and one document per <c>Message finished</c> MID.</summary>
public class PublicSampleTests
{
    public static TheoryData<string> Samples => new(
        Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Samples", "public"), "*.log").Select(Path.GetFileName).OfType<string>());

    [Theory]
    [MemberData(nameof(Samples))]
    public void EveryFinishedMidYieldsExactlyOneDocument(string file)
    {
        var lines = PipelineRun.SampleLines(Path.Combine("public", file)).ToList();
        var run = PipelineRun.Of(lines);

        var finished = lines
            .Select(l => Regex.Match(l, @" Info: Message finished MID (\d+) (done|aborted)\s*$"))
            .Where(m => m.Success)
            .Select(m => long.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture))
            .Order()
            .ToList();
        // Non-contiguous samples jump years, so some never-finished MIDs also age out as incomplete documents.
        var documents = run.Records.Where(r => r.Outcome != Core.Sessions.MessageOutcome.Incomplete);
        Assert.Equal(finished, documents.Select(r => r.Mid).Order());
        Assert.Equal(lines.Count, run.Counters.LinesRead);
        Assert.Equal(run.Counters.LinesRead, run.Counters.Used + run.Counters.NotUsed + run.Counters.Malformed);
    }

    [Fact]
    public void WrappedLinesOfTheMicrosoftSampleAreMalformedNotFatal()
    {
        var run = PipelineRun.Of(PipelineRun.SampleLines(Path.Combine("public", "ms-qa-connection-error.log")));

        Assert.True(run.Counters.Malformed >= 8);
        Assert.True(run.Pipeline.Sessionizer.OpenMessages >= 2);
    }

    [Fact]
    public void DocsExamplesGiveTheTechNoteClassesAndTheHeader()
    {
        var run = PipelineRun.Of(PipelineRun.SampleLines(Path.Combine("public", "cisco-docs-examples.log")));

        Assert.Equal(Core.Sessions.AbortClass.ConnectionLost, run.Single(1404).AbortClass);
        Assert.Equal(Core.Sessions.AbortClass.None, run.Single(2317877).AbortClass);
        Assert.Equal(15731, run.Single(2317877).Size);
    }

    [Fact]
    public void RelayRewrittenHeadersOfTheSocSampleAreReadNotMalformed()
    {
        var run = PipelineRun.Of(PipelineRun.SampleLines(Path.Combine("public", "soc-course-notes-amp-dlp.log")));

        Assert.Equal(0, run.Counters.Malformed);
        Assert.Equal(1, run.Pipeline.Sessionizer.OpenMessages);
    }
}
