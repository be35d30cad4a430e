using CsCheck;

namespace EsaBridge.Tests.Properties;

public sealed class InterleavingProperties
{
    private const string Appliance = "esa1.example.com";

    /// <summary>
    /// Many sessions (distinct ICIDs and MIDs) merged in a random order that keeps each session's own line order give
    /// the same set of documents as the sessions fed one after another; each MID gets exactly one document, with the
    /// abort class, idle seconds, near-timeout flag and fields its session fixes (verdicts, disposition, quarantines and
    /// every recipient's status, DCID, code and reply included); each ICID gets exactly one connection document with
    /// its ending, abort class, idle time, MIDs, rejected recipients and source (a quarter of the connections carry no
    /// accepted message: HAT rejects, lost before any command, idle to the listener timeout, TLS failures, RAT-rejected
    /// recipients only; refusals before an ICID are counted, not documented); and a fresh pipeline fed the same
    /// merged stream again gives the same event ids in the same order.
    /// </summary>
    [Fact]
    public void Interleaved_sessions_give_the_same_documents_as_sequential_ones()
    {
        var gen =
            from set in SessionGen.Set(SessionGen.Shape(SessionGen.RealIds, 12))
            from keys in SessionGen.MergeKeys(set.LineCount)
            select new Merge(set, keys);

        gen.Sample(
            m =>
            {
                var (set, keys) = (m.Set, m.Keys);
                var sequential = set.Sessions.SelectMany(s => s.Lines).Select(l => LogText.Utf8(LogText.FileForm(l))).ToList();
                var interleaved = Interleaved(set, keys);

                var one = PipelineRun.Of(sequential, Appliance);
                var merged = PipelineRun.Of(interleaved, Appliance);
                var again = PipelineRun.Of(interleaved, Appliance);

                Assert.Equal(one.SortedJson, merged.SortedJson);
                MessageFacts.Check(set, merged.Records, Appliance);
                Assert.Equal(merged.Records.Select(r => r.EventId), again.Records.Select(r => r.EventId));
                Assert.Equal(merged.Json, again.Json);

                Assert.Equal(one.SortedConnectionJson, merged.SortedConnectionJson);
                ConnectionFacts.Check(set, merged.ConnectionJson, Appliance);
                Assert.Equal(merged.ConnectionJson, again.ConnectionJson);
                Assert.Equal(merged.ConnectionJson.Count, merged.Counters.ConnectionDocuments);
                Assert.Equal(set.RefusedBeforeIcid, merged.Counters.RefusedWithoutIcid);
                Assert.Equal(0, merged.OpenConnections);

                Assert.Equal(set.Messages.Count(), merged.Records.Select(r => r.EventId).Distinct().Count());
                Assert.Equal(0, merged.OpenMessages);
                Assert.Equal(0, merged.Counters.Malformed);
                Assert.Equal(0, merged.Counters.NotUsed);
                Assert.Equal(set.LineCount, merged.Counters.Used);
                Assert.Equal(merged.Records.Count, merged.Counters.Documents);
            },
            iter: 150,
            print: m => LogText.Dump(Interleaved(m.Set, m.Keys)));
    }

    /// <summary>Sessions and the random keys that merge their lines.</summary>
    public sealed record Merge(SessionSet Set, int[] Keys);

    internal static List<byte[]> Interleaved(SessionSet set, int[] keys) =>
        LogText.Interleave(set.Sessions.Select(s => s.Lines).ToList(), keys).Select(l => LogText.Utf8(LogText.FileForm(l))).ToList();
}
