using Tailor.Ingestion;

namespace Tailor.Tests.Ingestion;

public class UploadFolderTests
{
    [Theory]
    [InlineData("/srv/kbs/handbook/uploads/0123456789abcdef/guides/parking.md", "guides/parking.md")]
    [InlineData("/srv/kbs/handbook/uploads/0123456789abcdef/vacation.md#L1-L7", "vacation.md#L1-L7")]
    [InlineData(@"C:\kbs\handbook\uploads\0123456789abcdef\vacation.md", "vacation.md")]
    [InlineData("/srv/uploads/0123456789abcdef/kbs/uploads/fedcba9876543210/a.md", "a.md")]  // the job folder is the last one
    [InlineData("/home/ana/uploads/notes.md", "/home/ana/uploads/notes.md")]                  // an "uploads" folder that is not a job's
    [InlineData("/home/ana/uploads/0123456789ABCDEF/notes.md", "/home/ana/uploads/0123456789ABCDEF/notes.md")] // job ids are lowercase
    [InlineData("https://example.com/uploads/0123456789abcdef/a.md", "https://example.com/uploads/0123456789abcdef/a.md")]
    [InlineData("uploads/0123456789abcdef/a.md", "uploads/0123456789abcdef/a.md")]            // not a full path
    [InlineData("vacation.md", "vacation.md")]
    public void Only_an_uploaded_files_server_folder_is_removed(string value, string expected)
    {
        Assert.Equal(expected, UploadFolder.Remove(value));
    }

    [Fact]
    public void Null_stays_null() => Assert.Null(UploadFolder.Remove(null));
}
