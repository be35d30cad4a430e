using System.Text.RegularExpressions;
using EsaBridge.Setup.Assets;

namespace EsaBridge.Tests.Assets;

/// <summary>
/// docs/session-document.md says, key by key, which names of the HEC event are CIM Email fields and which are
/// EsaBridge's own; the claim is checked against the CIM Email data model's field list and against the keys the
/// events really have, and the props.conf fields that complete CIM Email (src_user, return_addr) are there.
/// </summary>
public partial class SplunkCimNamesTests
{
    /// <summary>
    /// The All_Email fields of Splunk's Common Information Model (Email data model reference, CIM 5.x: "Fields for the
    /// Email event datasets"), including the Filtering dataset's.
    /// </summary>
    private static readonly HashSet<string> CimEmail = new(StringComparer.Ordinal)
    {
        "action", "delay", "dest", "dest_bunit", "dest_category", "dest_priority", "duration", "file_hash", "file_name",
        "file_size", "internal_message_id", "message_id", "message_info", "orig_dest", "orig_recipient", "orig_src",
        "process", "process_id", "protocol", "recipient", "recipient_count", "recipient_domain", "recipient_status",
        "response_time", "retries", "return_addr", "size", "src", "src_bunit", "src_category", "src_priority", "src_user",
        "src_user_bunit", "src_user_category", "src_user_domain", "src_user_priority", "status_code", "subject", "tag",
        "url", "user", "user_bunit", "user_category", "user_priority", "vendor_product", "xdelay", "xref",
        "filter_action", "filter_score", "signature", "signature_extra", "signature_id",
    };

    [Fact]
    public void TheDocumentSaysTruthfullyWhichEventKeysAreCim()
    {
        var table = Table();

        foreach (var (key, cim) in table)
        {
            Assert.True(cim == CimEmail.Contains(key), $"docs/session-document.md calls `{key}` {(cim ? "CIM" : "ours")}");
        }

        var eventKeys = SplunkEventFields.Declared.Select(k => k.Replace("{}", string.Empty, StringComparison.Ordinal)).ToHashSet(StringComparer.Ordinal);
        Assert.Equal(eventKeys.Order(StringComparer.Ordinal), table.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("src_ip", table.Keys);
        Assert.False(table["src_ip"]);
        Assert.False(table["sender"]);
    }

    [Fact]
    public void PropsGiveTheCimFieldsTheEventLacksFromItsOwnKeys()
    {
        var props = ConfReader.Read(ShippedAssets.SplunkApp.Single(f => f.Path == "default/props.conf").Text)["cisco:esa:session"];

        Assert.Equal("sender AS src_user", props["FIELDALIAS-src_user"]);
        Assert.Equal("sender AS return_addr", props["FIELDALIAS-return_addr"]);
        Assert.True(props.ContainsKey("EVAL-src_user_domain"));
        Assert.True(props.ContainsKey("EVAL-recipient_domain"));
        // Besides CIM's names, props only gives a list key its plain name (search-time JSON calls it "name{}").
        Assert.All(props.Where(p => p.Key.StartsWith("FIELDALIAS-", StringComparison.Ordinal) || p.Key.StartsWith("EVAL-", StringComparison.Ordinal)),
            p =>
            {
                string name = p.Key[(p.Key.IndexOf('-', StringComparison.Ordinal) + 1)..];
                Assert.True(CimEmail.Contains(name) || p.Value == $"'{name}{{}}'", $"{p.Key} = {p.Value}");
            });
    }

    /// <summary>The rows of the "key in `event` | CIM Email | from" table: each key, and whether the row says CIM.</summary>
    private static Dictionary<string, bool> Table()
    {
        string[] lines = File.ReadAllLines(AssetJson.RepositoryFile("docs", "session-document.md"));
        int header = Array.FindIndex(lines, l => l.StartsWith("| key in `event` | CIM Email |", StringComparison.Ordinal));
        Assert.True(header >= 0, "docs/session-document.md has no CIM table");
        var rows = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (string line in lines.Skip(header + 2).TakeWhile(l => l.StartsWith('|')))
        {
            string[] cells = line.Split('|', StringSplitOptions.TrimEntries);
            bool cim = cells[2].StartsWith("yes", StringComparison.Ordinal);
            Assert.True(cim || cells[2].StartsWith("no", StringComparison.Ordinal), line);
            foreach (Match key in Backticked().Matches(cells[1]))
            {
                rows.Add(key.Groups[1].Value, cim);
            }
        }

        return rows;
    }

    [GeneratedRegex("`([a-z_]+)`")]
    private static partial Regex Backticked();
}
