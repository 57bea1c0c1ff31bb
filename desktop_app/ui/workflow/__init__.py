"""What the main window does, as objects it composes and connects.

Input intake, launching and reporting jobs, batches, history actions, result actions, the
provider controls and the docks; each gets the widgets it works with through its
constructor and reports by signal or callback. ``ui/window/`` holds the window's frame
(menus, shortcuts, state, appearance, language), which the widgets below it also use.
"""
