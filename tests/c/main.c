/* main.c — runs every native suite and prints the summary line the test command reads. */
#include <stdio.h>

#include "check.h"

int check_passed, check_failed;

int main(void) {
    test_attention();
    test_posenc();
    test_recurrent();
    test_train_recurrent();
    test_train();
    test_tasks();
    printf("native: %d passed, %d failed\n", check_passed, check_failed);
    return check_failed != 0;
}
