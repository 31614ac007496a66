using System.ClientModel;
using System.ClientModel.Primitives;
using OpenAI;

namespace Tailor.OpenAI.Configuration;

/// <summary>
/// Builds OpenAI SDK clients for the configured server. Plain OpenAI-compatible servers get
/// <c>{baseUrl}/chat/completions</c> and <c>Authorization: Bearer</c>; Azure OpenAI gets its
/// deployment routes (<c>{endpoint}/openai/deployments/{deployment}/...?api-version=V</c>) and the
/// <c>api-key</c> header. Retries (429, 5xx, network errors; exponential backoff with jitter,
/// honouring Retry-After and retry-after-ms) and the request timeout come from <see cref="OpenAiSettings"/>; when
/// every try failed without a response, the last try's exception is thrown (<see cref="LastFailurePolicy"/>).
/// </summary>
public static class OpenAiClientFactory
{
    /// <summary>
    /// A client whose requests address <paramref name="deployment"/> on Azure (ignored elsewhere, where
    /// the model travels in the request body).
    /// </summary>
    public static OpenAIClient Create(OpenAiSettings settings, string? deployment = null)
    {
        var options = new OpenAIClientOptions
        {
            NetworkTimeout = settings.Timeout,
            RetryPolicy = new OpenAiRetryPolicy(settings.MaxRetries),
            UserAgentApplicationId = "tailor",
        };
        options.AddPolicy(LastFailurePolicy.Instance, PipelinePosition.PerCall);
        // Servers such as Ollama or llama.cpp need no key, but the SDK requires one: send a placeholder.
        var key = new ApiKeyCredential(settings.ApiKey ?? "no-key");
        if (settings.AzureEndpoint is { } azure)
        {
            var root = azure.AbsoluteUri.TrimEnd('/') + "/openai/";
            options.Endpoint = new Uri(deployment is null ? root : $"{root}deployments/{Uri.EscapeDataString(deployment)}/");
            options.AddPolicy(new AzureRequestPolicy(settings.ApiKey, settings.AzureApiVersion), PipelinePosition.BeforeTransport);
        }
        else
        {
            options.Endpoint = settings.Endpoint;
        }
        return new OpenAIClient(key, options);
    }

    /// <summary>Adds <c>api-version</c> and swaps bearer authentication for Azure's <c>api-key</c> header.</summary>
    private sealed class AzureRequestPolicy(string? apiKey, string apiVersion) : PipelinePolicy
    {
        public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
        {
            Prepare(message);
            ProcessNext(message, pipeline, currentIndex);
        }

        public override ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
        {
            Prepare(message);
            return ProcessNextAsync(message, pipeline, currentIndex);
        }

        private void Prepare(PipelineMessage message)
        {
            var request = message.Request;
            if (request.Uri is { } uri && !uri.Query.Contains("api-version=", StringComparison.Ordinal))
            {
                var separator = string.IsNullOrEmpty(uri.Query) ? "?" : "&";
                request.Uri = new Uri(uri.AbsoluteUri + separator + "api-version=" + Uri.EscapeDataString(apiVersion));
            }
            request.Headers.Remove("Authorization");
            if (apiKey != null) request.Headers.Set("api-key", apiKey);
        }
    }
}
