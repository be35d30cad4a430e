using CsCheck;
using EsaBridge.Core.Documents;

namespace EsaBridge.Tests.Properties;

public sealed class ApplianceProperties
{
    private const string First = "esa1.example.com";
    private const string Second = "esa2.example.com";

    /// <summary>
    /// Two appliances whose sessions use the very same ICIDs, MIDs and DCIDs (and the same start times; a quarter of the
    /// samples even the same content), sent as syslog with their own host (the second one, in half the samples, through
    /// a relay that rewrites the header) and merged at random, never mix: the documents of each
    /// host equal what its sessions alone produce (and what the same sessions produce in file form named by
    /// SetSource), each has its session's facts, and all event ids are distinct; the same for the connection documents
    /// (the same ICIDs on both appliances are two connections each).
    /// </summary>
    [Fact]
    public void Colliding_ids_of_two_appliances_never_mix()
    {
        var gen =
            from shape in SessionGen.Shape(SessionGen.RealIds, 8)
            from specsA in SessionGen.Spec.Array[shape.MessageCounts.Length]
            from specsB in SessionGen.Spec.Array[shape.MessageCounts.Length]
            from sameContent in Gen.Int[0, 3]
            from pri in Gen.Select(Gen.Bool, Gen.Bool)
            from relayB in Gen.Bool
            let a = SessionSet.Build(shape, specsA)
            let b = SessionSet.Build(shape, sameContent == 0 ? specsA : specsB)
            from keys in SessionGen.MergeKeys(a.LineCount + b.LineCount)
            select new TwoAppliances(a, b, pri.Item1, pri.Item2, relayB, keys);

        gen.Sample(
            t =>
            {
                var aloneA = PipelineRun.Of(t.Syslog(t.A, First, t.PriA), appliance: null);
                var aloneB = PipelineRun.Of(t.B.Sessions.SelectMany(s => Render(s, Second, t.PriB, t.RelayB)).ToList(), appliance: null);
                var fileA = PipelineRun.Of(t.A.Sessions.SelectMany(s => s.Lines).Select(l => LogText.Utf8(LogText.FileForm(l))), First);
                var mixed = PipelineRun.Of(t.Mixed(), appliance: null);

                MessageFacts.Check(t.A, aloneA.Records, First);
                MessageFacts.Check(t.B, aloneB.Records, Second);
                Assert.Equal(aloneA.SortedJson, fileA.SortedJson);

                Assert.All(mixed.Records, r => Assert.Contains(r.Appliance, new[] { First, Second }));
                var mixedA = mixed.Records.Where(r => r.Appliance == First).ToList();
                var mixedB = mixed.Records.Where(r => r.Appliance == Second).ToList();
                Assert.Equal(aloneA.SortedJson, PipelineRun.Sorted(mixedA.Select(EcsJson.ToJson)));
                Assert.Equal(aloneB.SortedJson, PipelineRun.Sorted(mixedB.Select(EcsJson.ToJson)));
                MessageFacts.Check(t.A, mixedA, First);
                MessageFacts.Check(t.B, mixedB, Second);

                Assert.Equal(mixed.Records.Count, mixed.Records.Select(r => r.EventId).Distinct(StringComparer.Ordinal).Count());

                ConnectionFacts.Check(t.A, aloneA.ConnectionJson, First);
                ConnectionFacts.Check(t.B, aloneB.ConnectionJson, Second);
                Assert.Equal(aloneA.SortedConnectionJson, fileA.SortedConnectionJson);
                Assert.All(mixed.ConnectionJson, j => Assert.Contains(ConnectionFacts.ApplianceOf(j), new[] { First, Second }));
                var connectionsA = mixed.ConnectionJson.Where(j => ConnectionFacts.ApplianceOf(j) == First).ToList();
                var connectionsB = mixed.ConnectionJson.Where(j => ConnectionFacts.ApplianceOf(j) == Second).ToList();
                Assert.Equal(aloneA.SortedConnectionJson, PipelineRun.Sorted(connectionsA));
                Assert.Equal(aloneB.SortedConnectionJson, PipelineRun.Sorted(connectionsB));
                ConnectionFacts.Check(t.A, connectionsA, First);
                ConnectionFacts.Check(t.B, connectionsB, Second);
                Assert.Equal(0, mixed.OpenConnections);
                Assert.Equal(0, mixed.OpenMessages);
                Assert.Equal(0, mixed.Counters.Malformed);
                Assert.Equal(t.A.LineCount + t.B.LineCount, mixed.Counters.Used);
            },
            iter: 120,
            print: t => LogText.Dump(t.Mixed()));
    }

    /// <param name="RelayB">The second appliance's lines come through a relay that rewrites the header (year first, <c>tag:nopid</c>).</param>
    public sealed record TwoAppliances(SessionSet A, SessionSet B, bool PriA, bool PriB, bool RelayB, int[] Keys)
    {
        public List<byte[]> Syslog(SessionSet set, string host, bool pri) =>
            set.Sessions.SelectMany(s => s.Lines).Select(l => LogText.Utf8(LogText.Syslog(l, host, pri))).ToList();

        public List<byte[]> Mixed()
        {
            var lists = A.Sessions.Select(s => Render(s, First, PriA, relay: false))
                .Concat(B.Sessions.Select(s => Render(s, Second, PriB, RelayB)))
                .ToList();
            return LogText.Interleave(lists, Keys);
        }

    }

    private static IReadOnlyList<byte[]> Render(GeneratedSession session, string host, bool pri, bool relay) =>
        session.Lines.Select(l => LogText.Utf8(relay ? LogText.RelayRewritten(l, host) : LogText.Syslog(l, host, pri))).ToList();
}
