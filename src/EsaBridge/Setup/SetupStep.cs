namespace EsaBridge.Setup;

/// <summary>What <c>setup</c> did with one asset.</summary>
internal sealed record SetupStep(string Kind, string Name, SetupChange Change)
{
    public override string ToString() => $"{Kind} {Name}: {Change.ToString().ToLowerInvariant()}";
}

internal enum SetupChange
{
    Created,
    Updated,
    Unchanged,
    Imported,
}
