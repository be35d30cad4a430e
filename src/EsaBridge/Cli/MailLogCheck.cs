using System.Globalization;
using EsaBridge.Core.Sessions;
using EsaBridge.Inputs;

namespace EsaBridge.Cli;

/// <summary>Stops a batch run whose input held not one ESA mail log line: another product's log, or the wrong file.</summary>
internal static class MailLogCheck
{
    /// <exception cref="InputException">Lines were read and none of them was a mail log line.</exception>
    public static void ThrowIfNoMailLogLines(LogPipeline pipeline)
    {
        var c = pipeline.Counters;
        if (c.LinesRead > 0 && c.Used == 0)
        {
            throw new InputException(string.Create(CultureInfo.InvariantCulture,
                $"nothing in the input looks like a Cisco ESA mail log ({c.LinesRead} lines read: {c.NotUsed} not used, {c.Malformed} malformed, none a mail log line); give the appliance's text mail logs (mail_logs)"));
        }
    }
}
