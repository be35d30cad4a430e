using System.CommandLine;

namespace EsaBridge.Cli;

/// <summary>Delivery flags every output of <c>ship</c> shares: how long to retry, and where the dead letters go.</summary>
internal sealed class DeliveryOptions
{
    public Option<string> RetryFor { get; } = new("--retry-for")
    {
        Description = "How long transient failures are retried before documents go to the dead-letter file",
        DefaultValueFactory = _ => "10m",
    };

    public Option<string> DeadLetter { get; } = new("--dead-letter")
    {
        Description = "NDJSON file for documents an output rejected for good or could not deliver in time",
        DefaultValueFactory = _ => "esabridge-dead-letters.ndjson",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(RetryFor);
        command.Options.Add(DeadLetter);
    }

    public DeliverySettings Read(ParseResult result) => new(
        ValueParsers.Duration("--retry-for", result.GetValue(RetryFor) ?? "10m"),
        result.GetValue(DeadLetter) ?? "esabridge-dead-letters.ndjson");
}

internal sealed record DeliverySettings(TimeSpan RetryFor, string DeadLetterPath);
