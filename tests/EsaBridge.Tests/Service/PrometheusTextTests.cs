using EsaBridge.Service;

namespace EsaBridge.Tests.Service;

public class PrometheusTextTests
{
    [Fact]
    public void The_malformed_counter_says_other_programs_lines_are_not_in_it()
    {
        string text = PrometheusText.Render(new ServiceSnapshot(10, 2, 1, 0, 0, 0, false, false, true, 0, 0, []));

        Assert.Contains(
            "# HELP esabridge_lines_malformed_total Broken lines (binary bytes, cut, over the length limit, no header of a known form) counted and skipped since start; other programs' syslog lines are not counted here\n",
            text,
            StringComparison.Ordinal);
        Assert.Contains("esabridge_lines_malformed_total 2\n", text, StringComparison.Ordinal);
    }
}
