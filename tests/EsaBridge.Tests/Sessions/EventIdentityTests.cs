using System.Globalization;
using System.IO.Hashing;
using System.Text;
using EsaBridge.Core.Sessions;

namespace EsaBridge.Tests.Sessions;

/// <summary>
/// <c>event.id</c> is the Elasticsearch <c>_id</c>: a replay, or a new release reading the same log, must give every
/// document the id it had, or the index would hold it twice. The recipe (XXH3-128 of the appliance name, the MID or
/// <c>icid</c> and ICID, and the start time, one per line, in invariant decimal) is written out here apart from the code.
/// </summary>
public sealed class EventIdentityTests
{
    public static TheoryData<string, long, long> Numbers => new()
    {
        { "esa1.example.com", 0, 0 },
        { "esa1.example.com", 7, 1_685_577_600 },
        { "mail-gw-02.corp.example", 1_106_445, 1_685_577_602 },
        { "esa1.example.com", 99_999_999, 100_000_000 },
        { "esa1.example.com", 123_456_789_012, 9_999_999_999 },
        { "esa1.example.com", long.MaxValue, long.MaxValue },
        { "esa1.example.com", 42, -1 },
        { "esa1.example.com", -5, long.MinValue },
        { "ésa-ü.example", 1, 2 },
    };

    [Theory]
    [MemberData(nameof(Numbers))]
    public void A_message_id_is_the_hash_of_appliance_mid_and_start(string appliance, long mid, long start) =>
        Assert.Equal(Hex($"{appliance}\n{Text(mid)}\n{Text(start)}"), EventIdentity.For(appliance, mid, start));

    [Theory]
    [MemberData(nameof(Numbers))]
    public void A_connection_id_is_the_hash_of_appliance_icid_and_start_apart_from_messages(string appliance, long icid, long start)
    {
        string id = EventIdentity.ForConnection(appliance, icid, start);
        Assert.Equal(Hex($"{appliance}\nicid\n{Text(icid)}\n{Text(start)}"), id);
        Assert.NotEqual(EventIdentity.For(appliance, icid, start), id);
    }

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Hex(string key) => Convert.ToHexStringLower(XxHash128.Hash(Encoding.UTF8.GetBytes(key)));
}
