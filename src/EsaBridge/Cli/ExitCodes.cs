namespace EsaBridge.Cli;

internal static class ExitCodes
{
    public const int Success = 0;
    public const int InputError = 1;
    public const int UsageError = 2;
}
