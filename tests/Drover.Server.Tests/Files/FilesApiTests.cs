using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Drover.Server.Tests.Files;

/// <summary>
/// <c>/v1/files</c> over real HTTP: the round trip, the size limit, paging and every refusal in the error envelope; run
/// on SQLite (<see cref="FilesApiSqliteTests"/>) and PostgreSQL (<see cref="FilesApiPostgresTests"/>).
/// </summary>
public abstract class FilesApiTests(DroverServerFixture server)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly HttpClient _http = server.CreateHttpClient();

    private string FilesRoot => Path.Combine(server.DataDirectory, "files");

    [Fact]
    public async Task An_upload_is_listed_retrieved_downloaded_byte_for_byte_and_deleted()
    {
        var bytes = new byte[70_000];
        new Random(7).NextBytes(bytes);
        bytes[0] = 0;

        var uploaded = await UploadAsync(bytes, "data.bin", "application/x-test");
        var id = uploaded.GetProperty("id").GetString()!;
        Assert.Matches("^file_[0-9A-Z]{26}$", id);
        Assert.Equal("file", uploaded.GetProperty("type").GetString());
        Assert.Equal("data.bin", uploaded.GetProperty("filename").GetString());
        Assert.Equal("application/x-test", uploaded.GetProperty("mime_type").GetString());
        Assert.Equal(bytes.Length, uploaded.GetProperty("size_bytes").GetInt64());
        Assert.True(uploaded.GetProperty("downloadable").GetBoolean());
        Assert.False(uploaded.TryGetProperty("scope", out _));
        Assert.True(DateTimeOffset.UtcNow - uploaded.GetProperty("created_at").GetDateTimeOffset() < TimeSpan.FromMinutes(1));
        Assert.Equal(bytes, await File.ReadAllBytesAsync(Path.Combine(FilesRoot, id), Ct));

        var retrieved = await GetJsonAsync($"/v1/files/{id}");
        Assert.Equal(uploaded.GetRawText(), retrieved.GetRawText());
        var listed = await GetJsonAsync("/v1/files?limit=1000");
        Assert.Contains(listed.GetProperty("data").EnumerateArray(), f => f.GetProperty("id").GetString() == id);

        using (var content = await _http.GetAsync($"/v1/files/{id}/content", Ct))
        {
            Assert.Equal(HttpStatusCode.OK, content.StatusCode);
            Assert.Equal("application/x-test", content.Content.Headers.ContentType!.MediaType);
            Assert.Equal("attachment", content.Content.Headers.ContentDisposition!.DispositionType);
            Assert.Equal("data.bin", content.Content.Headers.ContentDisposition.FileNameStar ?? content.Content.Headers.ContentDisposition.FileName);
            Assert.Equal(bytes, await content.Content.ReadAsByteArrayAsync(Ct));
        }

        using (var deleted = await _http.DeleteAsync($"/v1/files/{id}", Ct))
        {
            Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
            Assert.Equal($$"""{"id":"{{id}}","type":"file_deleted"}""", await deleted.Content.ReadAsStringAsync(Ct));
        }

        Assert.False(File.Exists(Path.Combine(FilesRoot, id)));
        await ApiAssert.NotFoundAsync(await _http.GetAsync($"/v1/files/{id}", Ct), "file_id");
        await ApiAssert.NotFoundAsync(await _http.GetAsync($"/v1/files/{id}/content", Ct), "file_id");
        await ApiAssert.NotFoundAsync(await _http.DeleteAsync($"/v1/files/{id}", Ct), "file_id");
    }

    [Fact]
    public async Task The_mime_type_comes_from_the_extension_when_the_part_says_only_octet_stream()
    {
        var text = await UploadAsync("hello"u8.ToArray(), "notes.txt", "application/octet-stream");
        var untyped = await UploadAsync("{}"u8.ToArray(), "conf.json", contentType: null);
        var unknown = await UploadAsync([1, 2], "blob.zzz", contentType: null);

        Assert.Equal("text/plain", text.GetProperty("mime_type").GetString());
        Assert.Equal("application/json", untyped.GetProperty("mime_type").GetString());
        Assert.Equal("application/octet-stream", unknown.GetProperty("mime_type").GetString());
    }

    [Fact]
    public async Task Only_the_last_path_component_of_a_filename_is_kept_and_a_missing_one_is_unnamed()
    {
        var nested = await UploadAsync([1], "../dir/sub\\report.txt", null);
        var png = new ByteArrayContent([1]);
        png.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        using var unnamed = new MultipartFormDataContent { { png, "file" } };
        using var response = await _http.PostAsync("/v1/files", unnamed, Ct);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;

        Assert.Equal("report.txt", nested.GetProperty("filename").GetString());
        Assert.True(response.IsSuccessStatusCode, body.GetRawText());
        Assert.Equal("unnamed.png", body.GetProperty("filename").GetString());
        Assert.Equal("image/png", body.GetProperty("mime_type").GetString());
    }

    [Fact]
    public async Task A_file_over_the_limit_is_refused_with_413_and_leaves_nothing_behind()
    {
        var before = Directory.Exists(FilesRoot) ? Directory.GetFiles(FilesRoot, "*", SearchOption.AllDirectories).Length : 0;

        // Chunked, so the server cannot refuse by Content-Length and must count while it streams. (Own clients: the
        // server may close a connection whose request body it did not read to the end.)
        using (var http = server.CreateHttpClient())
        {
            using var chunked = Multipart(new byte[FilesServerFixture.MaxBytes + 1], "big.bin", "application/octet-stream");
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/files") { Content = new ChunkedContent(chunked) };
            using var response = await http.SendAsync(request, Ct);
            await ApiAssert.ErrorAsync(response, HttpStatusCode.RequestEntityTooLarge, "request_too_large", "file");
        }

        // With a Content-Length far over the limit it is refused before the body is read (the client waits for 100-continue).
        using (var http = server.CreateHttpClient())
        {
            http.DefaultRequestHeaders.ExpectContinue = true;
            using var declared = await http.PostAsync("/v1/files", Multipart(new byte[FilesServerFixture.MaxBytes * 2], "big.bin", null), Ct);
            await ApiAssert.ErrorAsync(declared, HttpStatusCode.RequestEntityTooLarge, "request_too_large", "file");
        }

        var after = Directory.Exists(FilesRoot) ? Directory.GetFiles(FilesRoot, "*", SearchOption.AllDirectories).Length : 0;
        Assert.Equal(before, after);

        // Exactly at the limit is fine.
        var atLimit = await UploadAsync(new byte[FilesServerFixture.MaxBytes], "edge.bin", null);
        Assert.Equal(FilesServerFixture.MaxBytes, atLimit.GetProperty("size_bytes").GetInt64());
    }

    [Fact]
    public async Task Bad_uploads_are_400s_in_the_error_envelope()
    {
        using var json = await _http.PostAsync("/v1/files", ApiAssert.Json("{'file':'x'}"), Ct);
        await ApiAssert.BadRequestAsync(json, field: null);

        using var noFile = new MultipartFormDataContent { { new StringContent("3600"), "expires_in_seconds" } };
        await ApiAssert.BadRequestAsync(await _http.PostAsync("/v1/files", noFile, Ct), "file");

        using var tooLong = new MultipartFormDataContent { { new ByteArrayContent([1]), "file", new string('n', 256) } };
        await ApiAssert.BadRequestAsync(await _http.PostAsync("/v1/files", tooLong, Ct), "file");

        using var twice = new MultipartFormDataContent { { new ByteArrayContent([1]), "file", "twice-a.bin" }, { new ByteArrayContent([2]), "file", "twice-b.bin" } };
        await ApiAssert.BadRequestAsync(await _http.PostAsync("/v1/files", twice, Ct), "file");
        var listed = await GetJsonAsync("/v1/files?limit=1000");
        Assert.DoesNotContain(listed.GetProperty("data").EnumerateArray(), f => f.GetProperty("filename").GetString()!.StartsWith("twice-", StringComparison.Ordinal));

        using var truncated = new StringContent("--xyz\r\nContent-Disposition: form-data; name=\"file\"; filename=\"t.bin\"\r\n\r\nabc", Encoding.ASCII);
        truncated.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=xyz");
        await ApiAssert.BadRequestAsync(await _http.PostAsync("/v1/files", truncated, Ct), field: null);
    }

    [Fact]
    public async Task Every_files_endpoint_needs_an_api_key()
    {
        using var anonymous = server.CreateHttpClient(apiKey: "");
        using var upload = new MultipartFormDataContent { { new ByteArrayContent([1]), "file", "anon.bin" } };

        foreach (var response in new[]
        {
            await anonymous.PostAsync("/v1/files", upload, Ct),
            await anonymous.GetAsync("/v1/files", Ct),
            await anonymous.GetAsync("/v1/files/file_01ARZ3NDEKTSV4RRFFQ69G5FAV/content", Ct),
            await anonymous.DeleteAsync("/v1/files/file_01ARZ3NDEKTSV4RRFFQ69G5FAV", Ct),
        })
        {
            using (response)
            {
                await ApiAssert.ErrorAsync(response, HttpStatusCode.Unauthorized, "authentication_error", field: null);
            }
        }
    }

    [Fact]
    public async Task Unknown_and_malformed_ids_are_404s()
    {
        foreach (var id in new[] { "file_01ARZ3NDEKTSV4RRFFQ69G5FAV", "file_nope", "sesn_01ARZ3NDEKTSV4RRFFQ69G5FAV", "x" })
        {
            await ApiAssert.NotFoundAsync(await _http.GetAsync($"/v1/files/{id}", Ct), "file_id");
            await ApiAssert.NotFoundAsync(await _http.GetAsync($"/v1/files/{id}/content", Ct), "file_id");
            await ApiAssert.NotFoundAsync(await _http.DeleteAsync($"/v1/files/{id}", Ct), "file_id");
        }
    }

    [Fact]
    public async Task Lists_page_newest_first_and_filter_by_ids_and_scope()
    {
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await UploadAsync([(byte)i], $"p{i}.bin", null)).GetProperty("id").GetString()!);

            // Ids order files by creation time to the millisecond only.
            await Task.Delay(5, Ct);
        }

        var query = string.Join('&', ids.Select(id => $"ids[]={id}"));
        var first = await GetJsonAsync($"/v1/files?limit=2&{query}");
        Assert.Equal([ids[2], ids[1]], Ids(first));
        Assert.True(first.GetProperty("has_more").GetBoolean());
        Assert.Equal(ids[2], first.GetProperty("first_id").GetString());
        Assert.Equal(ids[1], first.GetProperty("last_id").GetString());
        var next = first.GetProperty("next_page").GetString();
        var second = await GetJsonAsync($"/v1/files?limit=2&{query}&page={next}");
        Assert.Equal([ids[0]], Ids(second));
        Assert.False(second.GetProperty("has_more").GetBoolean());
        Assert.Equal(JsonValueKind.Null, second.GetProperty("next_page").ValueKind);

        var sessionId = await TestSessions.CreateAsync(server, Ct);
        var scoped = await GetJsonAsync($"/v1/files?scope_id={sessionId}");
        Assert.Empty(scoped.GetProperty("data").EnumerateArray());

        await ApiAssert.BadRequestAsync(await _http.GetAsync("/v1/files?scope_id=env_1", Ct), "scope_id");
        // The older Files API paging: after_id lists what follows a file, before_id the page just before it.
        var after = await GetJsonAsync($"/v1/files?limit=1&{query}&after_id={ids[2]}");
        Assert.Equal([ids[1]], Ids(after));
        Assert.True(after.GetProperty("has_more").GetBoolean());
        var last = await GetJsonAsync($"/v1/files?limit=5&{query}&after_id={ids[1]}");
        Assert.Equal([ids[0]], Ids(last));
        Assert.False(last.GetProperty("has_more").GetBoolean());
        var before = await GetJsonAsync($"/v1/files?limit=1&{query}&before_id={ids[0]}");
        Assert.Equal([ids[1]], Ids(before));
        Assert.True(before.GetProperty("has_more").GetBoolean());
        var newest = await GetJsonAsync($"/v1/files?limit=5&{query}&before_id={ids[1]}");
        Assert.Equal([ids[2]], Ids(newest));
        Assert.False(newest.GetProperty("has_more").GetBoolean());
        await ApiAssert.BadRequestAsync(await _http.GetAsync("/v1/files?after_id=file_01ARZ3NDEKTSV4RRFFQ69G5FAV", Ct), "after_id");
        await ApiAssert.BadRequestAsync(await _http.GetAsync($"/v1/files?after_id={ids[0]}&page={next}", Ct), "after_id");
        await ApiAssert.BadRequestAsync(await _http.GetAsync("/v1/files?limit=0", Ct), "limit");
        await ApiAssert.BadRequestAsync(await _http.GetAsync("/v1/files?page=garbage", Ct), "page");
    }

    [Fact]
    public async Task A_session_can_mount_an_uploaded_file_but_not_a_missing_one()
    {
        var fileId = (await UploadAsync("a,b\n1,2\n"u8.ToArray(), "data.csv", "text/csv")).GetProperty("id").GetString()!;
        using var agent = await _http.PostAsync("/v1/agents", ApiAssert.Json("{'name':'files-agent','model':'claude-sonnet-4-5'}"), Ct);
        var agentId = JsonDocument.Parse(await agent.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("id").GetString();
        using var environment = await _http.PostAsync("/v1/environments", ApiAssert.Json($"{{'name':'files-env-{Guid.NewGuid():N}','config':{{'type':'cloud'}}}}"), Ct);
        var environmentId = JsonDocument.Parse(await environment.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("id").GetString();

        using var missing = await _http.PostAsync("/v1/sessions", ApiAssert.Json(
            $"{{'agent':'{agentId}','environment_id':'{environmentId}','resources':[{{'type':'file','file_id':'{fileId}'}},{{'type':'file','file_id':'file_01ARZ3NDEKTSV4RRFFQ69G5FAV'}}]}}"), Ct);
        await ApiAssert.ErrorAsync(missing, HttpStatusCode.NotFound, "not_found_error", "resources[1].file_id", "file_not_found");

        using var created = await _http.PostAsync("/v1/sessions", ApiAssert.Json(
            $"{{'agent':'{agentId}','environment_id':'{environmentId}','resources':[{{'type':'file','file_id':'{fileId}','mount_path':'/data.csv'}}]}}"), Ct);
        var session = JsonDocument.Parse(await created.Content.ReadAsStringAsync(Ct)).RootElement;
        Assert.True(created.IsSuccessStatusCode, session.GetRawText());
        var resource = session.GetProperty("resources")[0];
        Assert.Equal(fileId, resource.GetProperty("file_id").GetString());
        Assert.Equal("/mnt/session/uploads/data.csv", resource.GetProperty("mount_path").GetString());
    }

    private static List<string> Ids(JsonElement page) => [.. page.GetProperty("data").EnumerateArray().Select(f => f.GetProperty("id").GetString()!)];

    private async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await _http.GetAsync(path, Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private async Task<JsonElement> UploadAsync(byte[] bytes, string filename, string? contentType)
    {
        using var response = await _http.PostAsync("/v1/files", Multipart(bytes, filename, contentType), Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static MultipartFormDataContent Multipart(byte[] bytes, string filename, string? contentType)
    {
        var file = new ByteArrayContent(bytes);
        if (contentType is not null)
        {
            file.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        return new MultipartFormDataContent { { file, "file", filename } };
    }

    /// <summary>Sends the inner content without a Content-Length (chunked transfer encoding).</summary>
    private sealed class ChunkedContent : HttpContent
    {
        private readonly HttpContent _inner;

        public ChunkedContent(HttpContent inner)
        {
            _inner = inner;
            Headers.ContentType = inner.Headers.ContentType;
        }

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => _inner.CopyToAsync(stream);

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
