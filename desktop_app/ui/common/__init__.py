"""Small pieces every part of the window uses: images across threads, status lines, a11y."""
