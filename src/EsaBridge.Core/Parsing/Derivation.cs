namespace EsaBridge.Core.Parsing;

/// <summary>How a derived MID came from its original.</summary>
public enum Derivation : byte
{
    None,
    Generated,
    Rewritten,
    Split,
    Bounce,
}

public static class DerivationNames
{
    public static string? Of(Derivation derivation) => derivation switch
    {
        Derivation.Generated => "generated",
        Derivation.Rewritten => "rewritten",
        Derivation.Split => "split",
        Derivation.Bounce => "bounce",
        _ => null,
    };
}
