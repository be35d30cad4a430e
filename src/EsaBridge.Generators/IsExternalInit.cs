namespace System.Runtime.CompilerServices;

/// <summary>Records and init accessors on netstandard2.0, which the compiler runs generators against, lack this type.</summary>
internal static class IsExternalInit
{
}
