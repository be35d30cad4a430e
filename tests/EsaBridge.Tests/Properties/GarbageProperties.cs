using System.Globalization;
using CsCheck;

namespace EsaBridge.Tests.Properties;

public sealed class GarbageProperties
{
    private const string Appliance = "esa1.example.com";

    /// <summary>
    /// Lines that are malformed by construction (NUL and other control bytes, invalid UTF-8 spliced into real lines,
    /// real lines cut inside their header, overflowing numbers and broken shapes naming the sample's own MIDs and
    /// ICIDs, impossible dates, wrong levels, text without a header), inserted anywhere, change nothing but the
    /// malformed count: the same documents (connection documents too) in the same order, Malformed up by exactly the
    /// number inserted, Used, NotUsed and the refusals before an ICID unchanged.
    /// </summary>
    [Fact]
    public void Malformed_lines_change_only_the_malformed_count()
    {
        var gen =
            from set in SessionGen.Set(SessionGen.Shape(SessionGen.RealIds, 8))
            from keys in SessionGen.MergeKeys(set.LineCount)
            let lines = LogText.Interleave(set.Sessions.Select(s => s.Lines).ToList(), keys)
            let text = lines.Select(LogText.FileForm).ToList()
            from garbage in GarbageGen.Malformed(
                text,
                // A sample of connections without messages has no MID: its ICIDs are the numbers it uses.
                set.Messages.Select(m => m.Mid).DefaultIfEmpty(set.Sessions[0].Icid).ToList(),
                set.Sessions.Select(s => s.Icid).ToList(),
                lines.Select(l => l.Seconds).ToList()).Array[1, 30]
            from positions in Gen.Int[0, text.Count].Array[garbage.Length]
            select new Dirty(set, text, garbage, positions);

        gen.Sample(
            d =>
            {
                var clean = PipelineRun.Of(d.Clean(), Appliance);
                var dirty = PipelineRun.Of(d.WithGarbage(), Appliance);

                Assert.Equal(clean.Json, dirty.Json);
                MessageFacts.Check(d.Set, dirty.Records, Appliance);
                Assert.Equal(clean.ConnectionJson, dirty.ConnectionJson);
                ConnectionFacts.Check(d.Set, dirty.ConnectionJson, Appliance);
                Assert.Equal(clean.Counters.RefusedWithoutIcid, dirty.Counters.RefusedWithoutIcid);
                Assert.Equal(clean.Counters.Malformed + d.Garbage.Length, dirty.Counters.Malformed);
                Assert.Equal(clean.Counters.LinesRead + d.Garbage.Length, dirty.Counters.LinesRead);
                Assert.Equal(clean.Counters.Used, dirty.Counters.Used);
                Assert.Equal(clean.Counters.NotUsed, dirty.Counters.NotUsed);
                Assert.Equal(clean.OpenMessages, dirty.OpenMessages);
            },
            iter: 150,
            print: d => LogText.Dump(d.WithGarbage()));
    }

    /// <summary>
    /// Pieces of lines cut at arbitrary byte positions (never whole) may still parse, so their count is not asserted;
    /// but when they come from phantom sessions whose ids share no prefix with the real ones, the real documents stay
    /// exactly the same, no phantom MID gets a document, and every line is counted exactly once. The real connection
    /// documents stay the same too (a phantom ICID may get one: a cut <c>New SMTP ICID</c> line opens it again).
    /// </summary>
    [Fact]
    public void Arbitrary_cuts_of_unrelated_lines_leave_the_documents_unchanged()
    {
        var gen =
            from set in SessionGen.Set(SessionGen.Shape(SessionGen.RealIds, 8))
            from phantom in SessionGen.Set(SessionGen.Shape(SessionGen.PhantomIds, 4))
            from keys in SessionGen.MergeKeys(set.LineCount)
            let text = LogText.Interleave(set.Sessions.Select(s => s.Lines).ToList(), keys).Select(LogText.FileForm).ToList()
            let phantomText = phantom.Sessions.SelectMany(s => s.Lines).Select(LogText.FileForm).ToList()
            from cuts in GarbageGen.ArbitraryCut(phantomText).Array[1, 40]
            from positions in Gen.Int[0, text.Count].Array[cuts.Length]
            select new Dirty(set, text, cuts, positions);

        gen.Sample(
            d =>
            {
                var clean = PipelineRun.Of(d.Clean(), Appliance);
                var dirty = PipelineRun.Of(d.WithGarbage(), Appliance);

                Assert.Equal(clean.Json, dirty.Json);
                Assert.DoesNotContain(dirty.Records, r => r.Mid >= SessionGen.PhantomFloor);
                var real = dirty.ConnectionJson.ToLookup(j => ConnectionFacts.Observed(j).Icid.ToString(CultureInfo.InvariantCulture)[0] != '9');
                Assert.Equal(clean.ConnectionJson, real[true]);
                var c = dirty.Counters;
                Assert.Equal(clean.Counters.LinesRead + d.Garbage.Length, c.LinesRead);
                Assert.Equal(c.LinesRead, c.Used + c.NotUsed + c.Malformed);
                Assert.InRange(c.Malformed - clean.Counters.Malformed, 0, d.Garbage.Length);
            },
            iter: 150,
            print: d => LogText.Dump(d.WithGarbage()));
    }

    /// <summary>A clean stream and lines to insert: garbage[k] goes before clean line positions[k] (or at the end).</summary>
    public sealed record Dirty(SessionSet Set, IReadOnlyList<string> Text, byte[][] Garbage, int[] Positions)
    {
        public List<byte[]> Clean() => Text.Select(LogText.Utf8).ToList();

        public List<byte[]> WithGarbage()
        {
            var result = new List<byte[]>();
            for (int i = 0; i <= Text.Count; i++)
            {
                for (int k = 0; k < Garbage.Length; k++)
                {
                    if (Positions[k] == i)
                    {
                        result.Add(Garbage[k]);
                    }
                }

                if (i < Text.Count)
                {
                    result.Add(LogText.Utf8(Text[i]));
                }
            }

            return result;
        }
    }
}
