using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace EsaBridge.Tests.TestDoubles.Kibana;

/// <summary>
/// <c>POST [/s/{space}]/api/saved_objects/_import</c> in hapi's order: multipart only (415), the kbn-xsrf header (400),
/// query validation, a <c>file</c> part (400), a <c>.ndjson</c> file name (400), then the import itself.
/// </summary>
internal sealed class ImportEndpoint(SavedObjectImporter importer)
{
    private static readonly string[] QueryKeys = ["overwrite", "createNewCopies", "compatibilityMode"];

    public async Task<KibanaAnswer> HandleAsync(HttpRequest request, byte[] body, string space, string kibanaVersion)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type) || !type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            return KibanaAnswer.Boom(415, "Unsupported Media Type");
        }

        if (!request.Headers.ContainsKey("kbn-xsrf") && !request.Headers.ContainsKey("kbn-version"))
        {
            return KibanaAnswer.Boom(400, "Request must contain a kbn-xsrf header.");
        }

        if (QueryProblem(request.Query) is { } problem)
        {
            return KibanaAnswer.Boom(400, problem);
        }

        IFormFile? file;
        try
        {
            request.Body = new MemoryStream(body);
            file = (await request.ReadFormAsync().ConfigureAwait(false)).Files.GetFile("file");
        }
        catch (InvalidDataException)
        {
            return KibanaAnswer.Boom(400, "Invalid multipart payload format");
        }

        if (file is null)
        {
            return KibanaAnswer.Boom(400, "[request body.file]: expected value of type [Stream] but got [undefined]");
        }

        string extension = Path.GetExtension(file.FileName);
        if (extension != ".ndjson")
        {
            return KibanaAnswer.Boom(400, $"Invalid file extension {extension}");
        }

        using var reader = new StreamReader(file.OpenReadStream(), Encoding.UTF8);
        var (objects, error) = SavedObjectFile.Parse(await reader.ReadToEndAsync().ConfigureAwait(false), kibanaVersion);
        return error ?? KibanaAnswer.Ok(importer.Import(space, objects!, request.Query["overwrite"] == "true"));
    }

    private static string? QueryProblem(IQueryCollection query)
    {
        if (query.Keys.FirstOrDefault(k => !QueryKeys.Contains(k, StringComparer.Ordinal)) is { } unknown)
        {
            return $"[request query.{unknown}]: definition for this key is missing";
        }

        if (query.FirstOrDefault(q => q.Value.ToString() is not ("true" or "false")) is { Key: not null } bad)
        {
            return $"[request query.{bad.Key}]: expected value of type [boolean] but got [string]";
        }

        if (query["overwrite"] == "true" && query["createNewCopies"] == "true")
        {
            return "cannot use [overwrite] with [createNewCopies]";
        }

        return query["createNewCopies"] == "true" ? "createNewCopies is not supported by the Kibana test double" : null;
    }
}
