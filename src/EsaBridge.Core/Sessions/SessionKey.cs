namespace EsaBridge.Core.Sessions;

/// <summary>(appliance, ICID) or (appliance, MID): two appliances reuse the same numbers.</summary>
internal readonly record struct SessionKey(int Appliance, long Id);
