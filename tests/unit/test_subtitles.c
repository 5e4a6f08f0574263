/* Subtitle readers: SRT, WebVTT and word lists give exact microsecond times,
 * plain words and errors that name the file and line. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "scene/timeparse.h"
#include "util/subtitles.h"

static int parse(const char *text, sub_format fmt, sub_track *t, char *err)
{
    return subtitles_parse("subs", text, strlen(text), fmt, t, err, 300);
}

static void test_srt_basic(void)
{
    sub_track t;
    char err[300] = "";
    const char *srt = "1\r\n00:00:01,500 --> 00:00:03,000\r\nHello <i>world</i>\r\nsecond line\r\n\r\n"
                      "2\n00:01:02,003 --> 01:00:00,000 X1:10 X2:20\n{\\an8}Tom &amp; Jerry\n";
    CHECK_EQ_INT(parse(srt, SUB_SRT, &t, err), 0);
    CHECK_STR(err, "");
    CHECK_EQ_INT(t.cue_count, 2);
    CHECK_EQ_INT(t.cues[0].start_us, 1500000);
    CHECK_EQ_INT(t.cues[0].end_us, 3000000);
    CHECK_EQ_INT(t.cues[0].line, 2);
    CHECK_EQ_INT(t.cues[0].word_count, 4);
    CHECK_STR(t.words[1].text, "world");
    CHECK(!t.words[1].new_line);
    CHECK_STR(t.words[2].text, "second");
    CHECK(t.words[2].new_line);
    CHECK_EQ_INT(t.words[0].start_us, -1);
    CHECK_EQ_INT(t.cues[1].start_us, 62003000);
    CHECK_EQ_INT(t.cues[1].end_us, 3600000000LL);
    CHECK_EQ_INT(t.cues[1].word_count, 3);
    CHECK_STR(t.words[4].text, "Tom");
    CHECK_STR(t.words[5].text, "&");
    CHECK_EQ_INT(t.words[6].line, 8);
    sub_track_free(&t);
}

static void test_vtt_blocks(void)
{
    sub_track t;
    char err[300] = "";
    const char *vtt = "\xEF\xBB\xBFWEBVTT - a title\nKind: captions\n\n"
                      "NOTE this is\na comment\n\n"
                      "STYLE\n::cue { color: red }\n\n"
                      "intro\n00:01.250 --> 00:02.000 align:start line:90%\n<v Roger>Hi <c.loud>there</c>\n\n"
                      "00:00:03.000 --> 00:00:04.5\nlast\n";
    CHECK_EQ_INT(parse(vtt, SUB_VTT, &t, err), 0);
    CHECK_STR(err, "");
    CHECK_EQ_INT(t.cue_count, 2);
    CHECK_EQ_INT(t.cues[0].start_us, 1250000);
    CHECK_EQ_INT(t.cues[0].end_us, 2000000);
    CHECK_EQ_INT(t.cues[0].word_count, 2);
    CHECK_STR(t.words[0].text, "Hi");
    CHECK_STR(t.words[1].text, "there");
    CHECK_EQ_INT(t.cues[1].end_us, 4500000);
    sub_track_free(&t);
}

static void test_errors_name_line(void)
{
    sub_track t;
    char err[300];
    CHECK_EQ_INT(parse("1\n00:00:01,000 --> 00:00:02,000\nok\n\n2\n00:00:03 -> 00:00:04,000\nx\n", SUB_SRT, &t, err), -1);
    CHECK_STR(err, "subs:6: expected a time like 00:00:01,500 --> 00:00:03,000, got \"00:00:03 -> 00:00:04,000\"");
    CHECK_EQ_INT(t.cue_count, 0);
    CHECK_EQ_INT(parse("hello\n", SUB_SRT, &t, err), -1);
    CHECK_STR(err, "subs:1: expected a cue number or a time like 00:00:01,500 --> 00:00:03,000, got \"hello\"");
    CHECK_EQ_INT(parse("00:00:01.000 --> 00:00:02.000\nx\n", SUB_VTT, &t, err), -1);
    CHECK_STR(err, "subs:1: expected \"WEBVTT\" on the first line of a WebVTT file");
    CHECK_EQ_INT(parse("1\n00:00:05,000 --> 00:00:02,000\nx\n", SUB_SRT, &t, err), -1);
    CHECK_STR(err, "subs:2: the cue ends before it starts");
    CHECK_EQ_INT(parse("1\n00:00:05,000 --> 00:00:06,000\nx\n\n2\n00:00:01,000 --> 00:00:02,000\ny\n", SUB_SRT, &t, err), -1);
    CHECK_STR(err, "subs:6: the cue starts before the previous cue (cues must be in time order)");
    CHECK_EQ_INT(parse("1\n00:61:00,000 --> 00:62:00,000\nx\n", SUB_SRT, &t, err), -1);
    CHECK_CONTAINS(err, "subs:2: expected a time");
    CHECK_EQ_INT(parse("1\n00:00:01,000 --> 00:00:02,000\n\xff\n", SUB_SRT, &t, err), -1);
    CHECK_STR(err, "subs:3: text is not valid UTF-8");
    CHECK_EQ_INT(parse("1\n00:00:01,000 --> 00:00:02,000\nx\n2\n00:00:03,000 --> 00:00:04,000\ny\n", SUB_SRT, &t, err), -1);
    CHECK_STR(err, "subs:5: a time line inside the previous cue's text: separate cues with a blank line");
    CHECK_EQ_INT(parse("1\n", SUB_SRT, &t, err), -1);
    CHECK_STR(err, "subs:1: expected a time like 00:00:01,500 --> 00:00:03,000 after the cue identifier");
}

static void test_word_list(void)
{
    sub_track t;
    char err[300] = "";
    const char *words = "{\"language\": \"en\", \"words\": [\n"
                        "{\"word\": \" Hello\", \"start\": 0.32, \"end\": 0.61, \"probability\": 0.9},\n"
                        "{\"text\": \"world.\", \"start\": 0.61, \"end\": 1.1}]}";
    CHECK_EQ_INT(parse(words, SUB_WORDS, &t, err), 0);
    CHECK_STR(err, "");
    CHECK_EQ_INT(t.cue_count, 0);
    CHECK_EQ_INT(t.word_count, 2);
    CHECK_STR(t.words[0].text, "Hello");
    CHECK_EQ_INT(t.words[0].start_us, 320000);
    CHECK_EQ_INT(t.words[0].end_us, 610000);
    CHECK_EQ_INT(t.words[1].end_us, 1100000);
    CHECK_EQ_INT(t.words[1].line, 3);
    sub_track_free(&t);

    CHECK_EQ_INT(parse("[{\"text\": \"a\", \"start\": 1, \"end\": 2},\n {\"text\": \"b\", \"start\": 0.5, \"end\": 2}]",
                       SUB_WORDS, &t, err), -1);
    CHECK_STR(err, "subs:2: the word starts before the previous word (words must be in time order)");
    CHECK_EQ_INT(parse("[{\"text\": \"a\", \"start\": 1}]", SUB_WORDS, &t, err), -1);
    CHECK_STR(err, "subs:1: the word has no \"end\" (seconds)");
    CHECK_EQ_INT(parse("[{\"text\": \"a\", \"start\": 1, \"end\": \"2\"}]", SUB_WORDS, &t, err), -1);
    CHECK_STR(err, "subs:1: expected a time in seconds (a number >= 0), got \"2\"");
    CHECK_EQ_INT(parse("[{\"text\": \"  \", \"start\": 1, \"end\": 2}]", SUB_WORDS, &t, err), -1);
    CHECK_STR(err, "subs:1: the word's text is empty");
    CHECK_EQ_INT(parse("[1,", SUB_WORDS, &t, err), -1);
    CHECK_CONTAINS(err, "subs:1:4: ");
}

/* The frame rule is the scene's: round_half_up(seconds x fps), exactly. */
static void test_us_to_frame_matches_time_parse(void)
{
    const rational rates[] = {{30, 1}, {30000, 1001}, {24, 1}, {2997, 100}};
    const int64_t us[] = {0, 1, 16666, 16667, 50000, 100000, 1500000, 33366666, 3600000000LL};
    for (size_t r = 0; r < sizeof rates / sizeof rates[0]; r++) {
        for (size_t i = 0; i < sizeof us / sizeof us[0]; i++) {
            char text[64], err[200];
            snprintf(text, sizeof text, "%lld.%06llds", (long long)(us[i] / 1000000), (long long)(us[i] % 1000000));
            int64_t want = -1;
            CHECK(time_parse(text, rates[r], false, &want, err, sizeof err));
            CHECK_EQ_INT(subtitles_us_to_frame(us[i], rates[r].num, rates[r].den), want);
        }
    }
    CHECK_EQ_INT(subtitles_us_to_frame(50000, 30, 1), 2);     /* 1.5 frames rounds up */
    CHECK_EQ_INT(subtitles_us_to_frame(49999, 30, 1), 1);
}

static void test_format_from_name(void)
{
    sub_format f;
    CHECK(subtitles_format_from_name("a.SRT", &f) && f == SUB_SRT);
    CHECK(subtitles_format_from_name("dir.x/b.vtt", &f) && f == SUB_VTT);
    CHECK(subtitles_format_from_name("w.json", &f) && f == SUB_WORDS);
    CHECK(!subtitles_format_from_name("a.txt", &f));
    CHECK(!subtitles_format_from_name("srt", &f));
}

int main(void)
{
    RUN(test_srt_basic);
    RUN(test_vtt_blocks);
    RUN(test_errors_name_line);
    RUN(test_word_list);
    RUN(test_us_to_frame_matches_time_parse);
    RUN(test_format_from_name);
    return CHECK_EXIT();
}
