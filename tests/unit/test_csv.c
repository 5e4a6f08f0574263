/* The CSV reader: quoting, line endings, and errors that name their line. */
#include "check.h"
#include "util/csv.h"

static int parse(const char *text, csv_table *t, char *err, size_t size)
{
    return csv_parse(text, strlen(text), t, err, size);
}

static void test_plain_and_quoted(void)
{
    csv_table t;
    char err[200];
    const char *text = "\xEF\xBB\xBFname,value,note\r\n"
                       "Alpha,1.5,\"a, b\"\r\n"
                       "\"Be\"\"ta\",-2,\"two\nlines\"\n"
                       "Gamma,,\n";
    CHECK_EQ_INT(parse(text, &t, err, sizeof err), 0);
    CHECK_EQ_INT(t.cols, 3);
    CHECK_EQ_INT(t.rows, 3);
    CHECK_STR(t.header[0], "name");
    CHECK_STR(csv_cell(&t, 0, 2), "a, b");
    CHECK_STR(csv_cell(&t, 1, 0), "Be\"ta");
    CHECK_STR(csv_cell(&t, 1, 2), "two\nlines");
    CHECK_STR(csv_cell(&t, 2, 1), "");
    CHECK_EQ_INT(t.row_lines[0], 2);
    CHECK_EQ_INT(t.row_lines[1], 3);
    CHECK_EQ_INT(t.row_lines[2], 5);
    CHECK_EQ_INT(csv_column(&t, "value"), 1);
    CHECK_EQ_INT(csv_column(&t, "Value"), -1);
    csv_free(&t);
}

static void test_no_final_newline_and_header_only(void)
{
    csv_table t;
    char err[200];
    CHECK_EQ_INT(parse("a,b\n1,2", &t, err, sizeof err), 0);
    CHECK_EQ_INT(t.rows, 1);
    CHECK_STR(csv_cell(&t, 0, 1), "2");
    csv_free(&t);
    CHECK_EQ_INT(parse("a,b\n", &t, err, sizeof err), 0);
    CHECK_EQ_INT(t.rows, 0);
    CHECK_EQ_INT(t.cols, 2);
    csv_free(&t);
}

static void expect_error(const char *text, size_t len, const char *message)
{
    csv_table t;
    char err[200];
    CHECK_EQ_INT(csv_parse(text, len, &t, err, sizeof err), -1);
    CHECK_STR(err, message);
    CHECK(t.cells == NULL && t.header == NULL);
}

static void test_errors_name_the_line(void)
{
    expect_error("", 0, "line 1: the file is empty; expected a header line naming the columns");
    expect_error("a,b\n1,2\n3\n", 10, "line 3: 1 field, the header has 2");
    expect_error("a,b\n1,2\n\n3,4\n", 12, "line 3: a blank line; every line must be a record");
    expect_error("a,a\n", 4, "line 1: the column name \"a\" appears twice in the header");
    expect_error("a,\n", 3, "line 1: column 2 of the header has no name");
    expect_error("a\n\"x\n\ny\n", 8, "line 2: a quoted field is not closed (missing '\"')");
    expect_error("a\n\"x\"y\n", 7, "line 2: expected ',' or the end of the line after a quoted field, got 'y'");
    expect_error("a\nx\"y\n", 6, "line 2: a '\"' inside an unquoted field; quote the field and write '\"\"'");
    expect_error("a\nx\ry\n", 6, "line 2: a carriage return not followed by a line feed");
    expect_error("a\n\xff\n", 4, "line 2: the text is not valid UTF-8");
    expect_error("a\nb\0c\n", 6, "line 2: a NUL byte in the text");
}

int main(void)
{
    RUN(test_plain_and_quoted);
    RUN(test_no_final_newline_and_header_only);
    RUN(test_errors_name_the_line);
    return CHECK_EXIT();
}
