namespace EsaBridge.Tests.TestDoubles.Elasticsearch;

/// <summary><c>POST|PUT /_bulk</c> and <c>/{index}/_bulk</c>, with the scripted whole-request faults applied first.</summary>
internal static class BulkEndpoint
{
    private static readonly string[] Parameters =
    [
        "pipeline", "refresh", "routing", "timeout", "wait_for_active_shards", "require_alias", "require_data_stream", "_source",
        "_source_includes", "_source_excludes", "list_executed_pipelines", "include_source_on_error",
    ];

    public static void Register(EsRouter router, BulkExecutor executor, FaultPlan faults)
    {
        router.Add("/_bulk", ["POST", "PUT"], request => Handle(request, null, executor, faults), Parameters);
        router.Add("/{index}/_bulk", ["POST", "PUT"], request => Handle(request, request.Parameters[0], executor, faults), Parameters);
    }

    private static EsAnswer Handle(EsRequest request, string? index, BulkExecutor executor, FaultPlan faults)
    {
        if (faults.TakeBulkFault() is { } fault)
        {
            return fault.Status is int status ? FaultAnswers.For(status, request.Target) : EsAnswer.Dropped;
        }

        var (actions, error) = BulkParser.Parse(request.Body.Memory, request.Body.Kept, index, request.Query("pipeline"), request.Flag("require_data_stream"));
        if (error is not null)
        {
            return error;
        }

        byte[] answer;
        bool filtered;
        try
        {
            answer = executor.Execute(actions!, request.Query("filter_path"), out filtered);
        }
        catch (UnmodelledIngestException e)
        {
            return EsErrors.Answer(400, "test_double_unmodelled_exception", e.Message);
        }

        return EsAnswer.Ok(answer) with { FilterApplied = filtered };
    }
}
