using UnionReview.Dialogs.Input;

namespace UnionReview.Dialogs.Tests;

public sealed class VietnameseNumberParserTests
{
    [Theory]
    [InlineData("1.483.900", 1483900)]
    [InlineData("1,5 triệu", 1500000)]
    [InlineData("1,5tr", 1500000)]
    [InlineData("2 tỷ", 2000000000)]
    [InlineData("2 tỉ đồng", 2000000000)]
    [InlineData("233,3", 233.3)]
    [InlineData("80.750.000đ", 80750000)]
    [InlineData("80.750.000 đồng", 80750000)]
    [InlineData("12 tin", 12)]
    [InlineData("28 tin bài", 28)]
    [InlineData("1 483 900", 1483900)]
    [InlineData("1.500", 1500)]
    [InlineData("1.5", 1.5)]
    [InlineData("1.234,5", 1234.5)]
    [InlineData("1,234.5", 1234.5)]
    [InlineData("500 nghìn", 500000)]
    [InlineData("  23  ", 23)]
    [InlineData("-5", -5)]
    [InlineData("16 người", 16)]
    [InlineData("102%", 102)]
    public void Reads_numbers_as_vietnamese_officers_type_them(string input, double expected)
    {
        var reading = VietnameseNumberParser.Parse(input, "tin bài");
        Assert.True(reading.Success, reading.Error);
        Assert.Equal((decimal)expected, reading.Value);
    }

    [Theory]
    [InlineData("mười hai")]
    [InlineData("abc")]
    [InlineData("12 quả táo")]
    [InlineData("1.48.39")]
    [InlineData("1,2,3")]
    [InlineData("12 34")]
    [InlineData("")]
    public void Refuses_what_is_not_a_number_with_a_vietnamese_explanation(string input)
    {
        var reading = VietnameseNumberParser.Parse(input);
        Assert.False(reading.Success);
        Assert.False(string.IsNullOrWhiteSpace(reading.Error));
        Assert.Matches("số|Số", reading.Error!);
    }

    [Fact]
    public void The_question_unit_is_accepted_after_the_number()
    {
        Assert.Equal(3m, VietnameseNumberParser.Parse("3 cuộc", "cuộc").Value);
        Assert.False(VietnameseNumberParser.Parse("3 cuộc").Success);
    }
}
