/* Edit distance and "did you mean" selection. */
#include "check.h"
#include "util/suggest.h"

#include <stdlib.h>

static const char *const props[] = {
    "opacity", "position", "color", "scale", "rotation", "anchor", NULL
};

static void test_distance_basics(void)
{
    CHECK_EQ_INT(suggest_distance("", ""), 0);
    CHECK_EQ_INT(suggest_distance("abc", ""), 3);
    CHECK_EQ_INT(suggest_distance("", "abcd"), 4);
    CHECK_EQ_INT(suggest_distance("color", "color"), 0);
    CHECK_EQ_INT(suggest_distance("kitten", "sitting"), 3);
    CHECK_EQ_INT(suggest_distance("flaw", "lawn"), 2);
    CHECK_EQ_INT(suggest_distance(NULL, "ab"), 2);
}

static void test_distance_transposition(void)
{
    CHECK_EQ_INT(suggest_distance("ab", "ba"), 1);
    CHECK_EQ_INT(suggest_distance("opactiy", "opacity"), 1);
    CHECK_EQ_INT(suggest_distance("teh", "the"), 1);
    /* Optimal string alignment: "ca" -> "abc" is 3, not 2 (no edits inside a swap). */
    CHECK_EQ_INT(suggest_distance("ca", "abc"), 3);
}

static void test_distance_case_insensitive(void)
{
    CHECK_EQ_INT(suggest_distance("OPACITY", "opacity"), 0);
    CHECK_EQ_INT(suggest_distance("Ease-In", "ease-in"), 0);
    CHECK_EQ_INT(suggest_distance("Opacty", "opacity"), 1);
}

static void test_distance_symmetric_and_long(void)
{
    CHECK_EQ_INT(suggest_distance("position", "postion"), suggest_distance("postion", "position"));
    /* Longer than the on-stack rows: exercises the heap path. */
    char a[201], b[201];
    for (int i = 0; i < 200; i++) { a[i] = 'a'; b[i] = 'a'; }
    a[200] = b[200] = '\0';
    b[100] = 'b';
    CHECK_EQ_INT(suggest_distance(a, b), 1);
    b[200 - 1] = '\0';
    CHECK_EQ_INT(suggest_distance(a, b), 2);
}

static void test_closest_typos(void)
{
    size_t all = (size_t)-1;
    CHECK_STR(suggest_closest("opacty", props, all), "opacity");
    CHECK_STR(suggest_closest("postion", props, all), "position");
    CHECK_STR(suggest_closest("colour", props, all), "color");
    CHECK_STR(suggest_closest("Rotaiton", props, all), "rotation");
    CHECK_STR(suggest_closest("scale", props, all), "scale");
    CHECK(suggest_closest("xyz", props, all) == NULL);
    CHECK(suggest_closest("background", props, all) == NULL);
}

static void test_closest_threshold(void)
{
    static const char *const c[] = { "abcdefghijkl" };
    /* 12-letter word: up to 4 edits allowed. */
    CHECK_STR(suggest_closest("abcdefghXXXX", c, 1), "abcdefghijkl");
    CHECK(suggest_closest("abcdefgXXXXX", c, 1) == NULL);
    /* Short word: at most 2 edits. */
    static const char *const s[] = { "cat" };
    CHECK_STR(suggest_closest("cut", s, 1), "cat");
    CHECK(suggest_closest("c", s, 1) != NULL);   /* two insertions */
    CHECK(suggest_closest("", s, 1) == NULL);    /* three insertions */
}

static void test_closest_ties_and_nulls(void)
{
    static const char *const c[] = { "bat", "cat", "hat" };
    /* "rat" is one edit from all three: the earliest wins. */
    CHECK_STR(suggest_closest("rat", c, 3), "bat");
    static const char *const d[] = { NULL, "cap", NULL, "cat" };
    CHECK_STR(suggest_closest("cat", d, 4), "cat");   /* exact beats earlier close one */
    CHECK_STR(suggest_closest("cax", d, 4), "cap");   /* tie: earliest non-NULL */
    CHECK(suggest_closest("cat", d, 0) == NULL);
    CHECK(suggest_closest(NULL, c, 3) == NULL);
    CHECK(suggest_closest("cat", NULL, 3) == NULL);
}

static void test_closest_longer_spelling(void)
{
    static const char *const types[] = {"rect", "ellipse", "text", "image", "group", NULL};
    CHECK_STR(suggest_closest("rectangle", types, (size_t)-1), "rect");
    CHECK_STR(suggest_closest("Textbox", types, (size_t)-1), "text");
    CHECK(suggest_closest("zzzz", types, (size_t)-1) == NULL);
    CHECK(suggest_closest("polygon", types, (size_t)-1) == NULL);
}

int main(void)
{
    RUN(test_distance_basics);
    RUN(test_distance_transposition);
    RUN(test_distance_case_insensitive);
    RUN(test_distance_symmetric_and_long);
    RUN(test_closest_typos);
    RUN(test_closest_threshold);
    RUN(test_closest_ties_and_nulls);
    RUN(test_closest_longer_spelling);
    return CHECK_EXIT();
}
